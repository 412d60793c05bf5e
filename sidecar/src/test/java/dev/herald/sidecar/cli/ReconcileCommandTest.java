package dev.herald.sidecar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald reconcile} and {@code /admin/reconcile} against a listing: objects older than the
 * bucket's rules are pre-existing until {@code --since} asks for them; a second run emits nothing;
 * a bucket without rules, a missing bucket parameter and a missing token are refused.
 */
class ReconcileCommandTest {
    @TempDir
    static Path dir;
    static TestHerald herald;
    static TargetStub target;
    static FakeS3Listing s3;

    @BeforeAll
    static void start() throws Exception {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        s3 = new FakeS3Listing("photos").put("a.jpg", hourAgo).put("b c+d.jpg", hourAgo).put("é/1.jpg", hourAgo);
        herald = TestHerald.start(dir, """
                delivery: { allowPrivateTargets: true, retrySchedule: [0s, 200ms], jitter: 0 }
                backend: { endpoint: "%s", accessKey: ak, secretKey: sk, enrich: false, reconcile: { grace: 1m } }
                """.formatted(s3.endpoint()));
        target = new TargetStub();
        target.answer(200);
        Path rules = Files.writeString(dir.resolve("rules.json"), """
                {"notifications":[{"id":"r1","appId":"a","status":"enabled","resources":["/"],"events":["PutObject"],
                "apps":[{"id":"a","eventUrl":"%s"}]}]}""".formatted(target.url("/bos")));
        assertThat(herald.cli("rules", "put", "--dialect", "bos", "--bucket", "photos", "--file", rules.toString()).exitCode()).isZero();
    }

    @AfterAll
    static void stop() {
        herald.close();
        target.close();
        s3.close();
    }

    @Test
    void preExistingObjectsGetEventsOnlyWithSinceAndOnlyOnce() {
        Cli.Run plain = herald.cli("reconcile", "--bucket", "photos");
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(plain.out()).contains("reconciled photos: listed 3, emitted 0 creates and 0 deletes");

        Cli.Run since = herald.cli("reconcile", "--bucket", "photos", "--since", "2h", "--json");
        assertThat(since.exitCode()).as(since.err()).isZero();
        assertThat(since.out()).contains("\"listed\": 3", "\"createsEmitted\": 3", "\"deletesEmitted\": 0");
        awaitDelivered(3);

        Cli.Run again = herald.cli("reconcile", "--bucket", "photos", "--since", "2h");
        assertThat(again.out()).contains("emitted 0 creates and 0 deletes");
        assertThat(target.delivered()).hasSize(3);
        assertThat(herald.cli("reconcile", "--bucket", "nothing-here").err()).contains("has no rules");
    }

    @Test
    void theAdminRouteRefusesBadRequests() throws Exception {
        assertThat(post("/admin/reconcile", "Bearer " + TestHerald.ADMIN_TOKEN).statusCode()).isEqualTo(400);
        assertThat(post("/admin/reconcile?bucket=photos&since=yesterday", "Bearer " + TestHerald.ADMIN_TOKEN).body())
                .contains("RFC 3339");
        assertThat(post("/admin/reconcile?bucket=photos", "Bearer wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> runs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                herald.endpoint() + "/admin/reconcile")).header("Authorization", "Bearer " + TestHerald.ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(runs.statusCode()).isEqualTo(200);
        assertThat(runs.body()).startsWith("{\"runs\":[");
    }

    private static void awaitDelivered(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (target.delivered().size() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(target.delivered()).hasSize(n);
    }

    private static HttpResponse<String> post(String path, String authorization) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(herald.endpoint() + path))
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
