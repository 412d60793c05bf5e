package dev.herald.harness.fault;

import com.baidubce.BceServiceException;
import com.baidubce.services.bos.BosClient;
import com.baidubce.services.bos.model.Notification;
import dev.herald.harness.HeraldProcess;
import dev.herald.harness.MinioWebhook;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordingReceiver;
import dev.herald.harness.e2e.BosSdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile credential of issue 16: 200 rules of about 1 MiB, each on its own bucket, through
 * the official BOS SDK, then one event per bucket, against herald.jar at {@code -Xmx128m} (its
 * production heap). Herald must refuse what is over the rule-field limits or the credential's
 * limits with BOS's own code,
 * keep the rest in a rule cache bounded by bytes, deliver every event, answer every GET, and stay
 * ready, honestly: it still serves once the flood is over.
 */
class RuleFloodTest {
    private static final int BUCKETS = 200;
    private static final int MAX_BUCKETS = 100;
    private static final int NAME_CHARS = 1_000_000;

    @RegisterExtension
    final FaultRig rig = new FaultRig();

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aFloodOfHugeRulesIsRefusedOrBoundedAndHeraldKeepsServing() throws Exception {
        RecordingReceiver receiver = rig.closeAfterTest(RecordingReceiver.start());
        String yaml = Fault.yaml("[0s, 1s]") + """
                credentialLimits: { maxBuckets: %d }
                """.formatted(MAX_BUCKETS);
        HeraldProcess herald = rig.startHerald(yaml, List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-Xss512k", "-XX:TieredStopAtLevel=1"));
        String name = "n".repeat(NAME_CHARS);
        List<String> stored = new ArrayList<>();
        Map<String, Integer> refusals = new TreeMap<>();
        long t0 = System.nanoTime();
        BosClient bos = BosSdk.client(herald.baseUri(), Fault.ACCESS_KEY, Fault.SECRET_KEY);
        try {
            for (int i = 0; i < BUCKETS; i++) {
                String bucket = "flood-" + i;
                Notification rule = BosSdk.rule("r" + i, receiver.url("/bos").toString(), null, List.of("/"), List.of("PutObject"));
                rule.setName(name);
                try {
                    bos.putNotification(bucket, List.of(rule));
                    stored.add(bucket);
                } catch (BceServiceException e) {
                    assertThat(e.getStatusCode()).as("%s: %s", bucket, e.getMessage()).isEqualTo(400);
                    assertThat(e.getErrorCode()).as(bucket).isIn("TooManyRules", "InvalidArgument", "EntityTooLarge");
                    if (e.getErrorCode().equals("TooManyRules")) {
                        assertThat(stored).as("refused for its count only once the limit is reached").hasSize(MAX_BUCKETS);
                    }
                    refusals.merge(e.getErrorCode(), 1, Integer::sum);
                }
            }
            long putMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(stored).as("stored within credentialLimits.maxBuckets").hasSizeLessThanOrEqualTo(MAX_BUCKETS);
            assertThat(stored.size() + refusals.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(BUCKETS);

            for (int i = 0; i < BUCKETS; i++) {
                Fault.Answer a = rig.producer().send(MinioWebhook.body(ObjectOperation.put("flood-" + i, "k.jpg").size(3)
                        .eTag("e" + i).contentType("image/jpeg")));
                assertThat(a.status()).as("ingest for flood-%d: %s", i, a.body()).isEqualTo(200);
            }
            assertThat(receiver.awaitRequests(stored.size(), Duration.ofSeconds(60))).as("one push per stored bucket")
                    .hasSize(stored.size());
            for (String bucket : stored) {
                List<Notification> got = bos.getNotification(bucket).getNotifications();
                assertThat(got).as(bucket).singleElement().satisfies(n -> assertThat(n.getName()).hasSize(NAME_CHARS));
            }
            long totalMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf(Locale.ROOT, "RuleFloodTest: %d stored, refused %s; PUTs %d ms, all %d ms%n", stored.size(),
                    refusals, putMs, totalMs);
        } finally {
            bos.shutdown();
        }
        assertThat(herald.isAlive()).as("Herald survived: " + herald.logTail(10)).isTrue();
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(herald.baseUri()
                .resolve("/readyz")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(herald.logTail(200)).doesNotContain("OutOfMemoryError");
        assertThat(Set.copyOf(receiver.requests().stream().map(r -> Fault.Push.of(r).objectKey()).toList())).isSubsetOf("k.jpg");
    }
}
