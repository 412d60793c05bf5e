package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BosPushVerifier;
import dev.herald.harness.HeraldExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every request captured from a real MinIO (RELEASE.2024-01) and Ceph RGW (16.2.15) is replayed
 * into Herald's ingest routes exactly as it was sent; a WireMock receiver must get the exact BOS
 * push for each, correctly signed.
 */
class CaptureReplayTest {
    private static final String SIGNING_KEY = "0123456789abcdef0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    // Tokens as used when the captures were made. A fresh Herald per test: stored events dedupe resends.
    @RegisterExtension
    HeraldExtension herald = HeraldExtension.withConfig("""
            credentials: [ { accessKey: %s, secretKey: %s } ]
            ingest: { minio: { token: test-token-123 }, ceph: { token: opaque-123 } }
            delivery: { allowPrivateTargets: true, retrySchedule: [0s, 200ms, 500ms], jitter: 0 }
            dialects: { bos: { domain: bos.herald.test } }
            """.formatted(HeraldExtension.ACCESS_KEY, HeraldExtension.SECRET_KEY));

    static WireMockServer receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/bos/events?src=herald")).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    @BeforeEach
    void rulesForEveryCapturedBucket() {
        receiver.resetRequests();
        String url = "http://127.0.0.1:" + receiver.port() + "/bos/events?src=herald";
        for (String bucket : List.of("test-bucket", "retry-bucket", "ceph-bucket")) {
            BosSdk.putRules(herald.baseUri(), HeraldExtension.ACCESS_KEY, HeraldExtension.SECRET_KEY, bucket, List.of(
                    BosSdk.rule("all-" + bucket, url, SIGNING_KEY, List.of("/"), List.of("ObjectCreateGroup:*", "DeleteObject"))));
        }
    }

    private HeraldExtension.Reply replay(Capture c) {
        if (c.path().startsWith("/minio/")) {
            // The queued/retry targets were captured without auth_token; Herald requires one.
            return herald.post("/ingest/minio", c.body(), c.authorization() != null ? c.authorization() : "Bearer test-token-123");
        }
        // Topics whose OpaqueData carries the token post to /ingest/ceph; the others put it in the path.
        boolean opaque = c.record().path("opaqueData").asText().equals("opaque-123");
        return herald.post(opaque ? "/ingest/ceph" : "/ingest/ceph/opaque-123", c.body(), null);
    }

    /** Expected BOS event per capture: eventType, object, filesize, eTag, contentType, userId, eventTime. */
    private record Expected(String capture, String eventType, String object, Long filesize, String eTag,
                            String contentType, String userId, String eventTime) {
    }

    private static final List<Expected> EXPECTED = List.of(
            new Expected("minio-2024-01/webhook-01-put-images-photo-bearer.json", "PutObject", "images/photo 1.jpg", 10L,
                    "501590c529b9ce8bb8da7e80ab98e2fe", "image/jpeg", "minioadmin", "2026-11-22T13:34:30Z"),
            new Expected("minio-2024-01/webhook-03-put-docs-readme.json", "PutObject", "docs/readme.txt", 10L,
                    "93373013bef3c6a043927cfb84a2d633", "binary/octet-stream", "minioadmin", "2026-11-22T13:34:31Z"),
            new Expected("minio-2024-01/webhook-04-copy-docs-copy.json", "CopyObject", "docs/copy.txt", 10L,
                    "93373013bef3c6a043927cfb84a2d633", "binary/octet-stream", "minioadmin", "2026-11-22T13:34:32Z"),
            new Expected("minio-2024-01/webhook-05-complete-multipart.json", "CompleteMultipartUpload", "big/multi.bin",
                    5242890L, "298c9a5c8205ea8eeef29652993678aa-2", "binary/octet-stream", "minioadmin", "2026-11-22T13:34:33Z"),
            new Expected("minio-2024-01/webhook-06-delete-docs-readme.json", "DeleteObject", "docs/readme.txt", null,
                    null, null, "minioadmin", "2026-11-22T13:34:34Z"),
            new Expected("minio-2024-01/webhook-replayed-after-target-offline.json", "PutObject", "down/while-offline.txt",
                    1L, "c81e728d9d4c2f636f067f89cc14862c", "binary/octet-stream", "minioadmin", "2026-11-22T13:52:08Z"),
            new Expected("minio-2024-01/webhook-retry-attempt1.json", "PutObject", "retry/one.txt", 1L,
                    "c4ca4238a0b923820dcc509a6f75849b", "binary/octet-stream", "minioadmin", "2026-11-22T13:51:53Z"),
            new Expected("ceph-16.2.15/http-push-01-put-images-photo.json", "PutObject", "images/photo 1.jpg", 10L,
                    "501590c529b9ce8bb8da7e80ab98e2fe", null, "tester", "2026-11-22T13:44:56Z"),
            new Expected("ceph-16.2.15/http-push-02-put-docs-readme.json", "PutObject", "docs/readme.txt", 10L,
                    "93373013bef3c6a043927cfb84a2d633", null, "tester", "2026-11-22T13:44:57Z"),
            new Expected("ceph-16.2.15/http-push-03-copy-docs-copy.json", "CopyObject", "docs/copy.txt", 10L,
                    "93373013bef3c6a043927cfb84a2d633", null, "tester", "2026-11-22T13:44:58Z"),
            new Expected("ceph-16.2.15/http-push-04-complete-multipart.json", "CompleteMultipartUpload", "big/multi.bin",
                    5242890L, "298c9a5c8205ea8eeef29652993678aa-2", null, "tester", "2026-11-22T13:45:01Z"),
            new Expected("ceph-16.2.15/http-push-05-delete-docs-readme.json", "DeleteObject", "docs/readme.txt", 10L,
                    "93373013bef3c6a043927cfb84a2d633", null, "tester", "2026-11-22T13:45:02Z"),
            new Expected("ceph-16.2.15/http-push-06-put-images-photo-persistent-topic.json", "PutObject", "images/photo 1.jpg",
                    10L, "501590c529b9ce8bb8da7e80ab98e2fe", null, "tester", "2026-11-22T13:44:56Z"),
            new Expected("ceph-16.2.15/http-push-persistent-retry-attempt1.json", "PutObject", "r/one.txt", 1L,
                    "c4ca4238a0b923820dcc509a6f75849b", null, "tester", "2026-11-22T13:52:26Z"),
            new Expected("ceph-16.2.15/http-push-sync-single-attempt-503.json", "PutObject", "r/one.txt", 1L,
                    "c4ca4238a0b923820dcc509a6f75849b", null, "tester", "2026-11-22T13:52:26Z"));

    @Test
    void everyCaptureBecomesTheExactSignedBosPush() throws Exception {
        Map<String, String> eventIdByCapture = new LinkedHashMap<>();
        for (Expected e : EXPECTED) {
            receiver.resetRequests();
            Capture c = Capture.load(e.capture());
            HeraldExtension.Reply reply = replay(c);
            assertThat(reply.status()).as(e.capture() + ": " + reply.body()).isEqualTo(200);
            assertThat(JSON.readTree(reply.body()).get("deliveries").asInt()).as(e.capture()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/bos/events?src=herald"))).size() == 1);
            LoggedRequest push = receiver.findAll(postRequestedFor(urlEqualTo("/bos/events?src=herald"))).getFirst();
            // WireMock's Jetty re-cases the charset, which is why the signature leaves Content-Type out.
            assertThat(push.getHeader("Content-Type")).isEqualToIgnoringCase("application/json; charset=utf-8");
            assertThat(BosPushVerifier.verify(view(push), SIGNING_KEY, Clock.systemUTC())).as("signature of " + e.capture()).isTrue();
            assertThat(push.getHeader("Authorization")).startsWith("bce-auth-v1/all-" + c.record().at("/s3/bucket/name").asText() + "/");

            JsonNode body = JSON.readTree(push.getBodyAsString());
            assertThat(body.fieldNames()).toIterable().containsExactly("events");
            JsonNode ev = body.get("events").get(0);
            assertThat(body.get("events")).hasSize(1);
            assertThat(ev.get("version").asText()).isEqualTo("1.0");
            assertThat(UUID.fromString(ev.get("eventId").asText())).isNotNull();
            assertThat(ev.get("eventOrigin").asText()).isEqualTo("bos:realtime");
            assertThat(ev.get("eventTime").asText()).isEqualTo(e.eventTime());
            assertThat(ev.get("eventType").asText()).isEqualTo(e.eventType());
            assertThat(ev.get("eventFrom").asText()).isEqualTo("Client");
            assertThat(ev.get("configurationId").asText()).isEqualTo("all-" + c.record().at("/s3/bucket/name").asText());

            Map<String, Object> content = new LinkedHashMap<>();
            content.put("userId", e.userId());
            content.put("domain", "bos.herald.test");
            content.put("bucket", c.record().at("/s3/bucket/name").asText());
            content.put("object", e.object());
            if (e.eTag() != null) {
                content.put("eTag", e.eTag());
            }
            if (e.contentType() != null) {
                content.put("contentType", e.contentType());
            }
            if (e.filesize() != null) {
                content.put("filesize", e.filesize());
            }
            if (!e.eventType().equals("DeleteObject")) {
                content.put("lastModified", e.eventTime());
            }
            content.put("xVars", "{\"saveUrl\":\"http://example.com/ocr\"}");
            // As text: exact field order and number forms, not just equal JSON trees.
            assertThat(ev.get("content").toString()).as(e.capture()).isEqualTo(JSON.writeValueAsString(content));
            eventIdByCapture.put(e.capture(), ev.get("eventId").asText());
        }
        assertThat(eventIdByCapture.values()).as("one event id per distinct event").doesNotHaveDuplicates();
    }

    @Test
    void resendsOfTheSameEventAreDeliveredOnce() {
        List<String> retries = List.of("minio-2024-01/webhook-retry-attempt1.json", "minio-2024-01/webhook-retry-attempt2.json",
                "minio-2024-01/webhook-retry-attempt3.json", "ceph-16.2.15/http-push-persistent-retry-attempt1.json",
                "ceph-16.2.15/http-push-persistent-retry-attempt2.json", "ceph-16.2.15/http-push-persistent-retry-attempt3.json");
        List<String> answers = new ArrayList<>();
        for (String r : retries) {
            answers.add(replay(Capture.load(r)).body());
        }
        assertThat(answers).allSatisfy(a -> assertThat(a).startsWith("{\"accepted\":"));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/bos/events?src=herald"))).size() >= 2);
        // Give a (wrong) third delivery time to show up before asserting there is none.
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
        List<LoggedRequest> pushes = receiver.findAll(postRequestedFor(urlEqualTo("/bos/events?src=herald")));
        assertThat(pushes).extracting(p -> p.getBodyAsString().contains("retry/one.txt") ? "minio" : "ceph")
                .containsExactlyInAnyOrder("minio", "ceph");
    }

    @Test
    void aMinioTargetWithoutTheTokenIsRefused() {
        Capture plain = Capture.load("minio-2024-01/webhook-02-put-images-photo-plain-target.json");
        assertThat(plain.authorization()).isNull();
        HeraldExtension.Reply reply = herald.post("/ingest/minio", plain.body(), null);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).contains("missing Authorization header");
    }

    private static HttpRequestView view(LoggedRequest r) {
        URI uri = URI.create(r.getUrl());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        r.getHeaders().all().forEach(h -> headers.put(h.key(), h.values()));
        return new HttpRequestView(r.getMethod().value(), uri.getRawPath(), uri.getRawQuery(), headers, r.getBody());
    }
}
