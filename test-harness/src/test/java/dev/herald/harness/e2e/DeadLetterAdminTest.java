package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Dead letters through the admin API: listed with their attempts, replayed under the same delivery id, purged. */
class DeadLetterAdminTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    HeraldExtension herald = HeraldExtension.withConfig(HeraldExtension.DEFAULT_YAML
            .replace("  retrySchedule: [0s, 200ms, 500ms, 1s, 2s]", "  retrySchedule: [0s, 100ms]") + AdminApi.CONFIG);
    private final AdminApi admin = new AdminApi(herald::baseUri);

    @Test
    void deadDeliveriesAreListedReplayedWithTheirIdAndPurged() throws Exception {
        AtomicInteger status = new AtomicInteger(500);
        RecordingReceiver receiver = receiverAnswering(status, "/bos");
        herald.minio(ObjectOperation.put("photos", "a.jpg").size(1).eTag("e1"));
        JsonNode dead = awaitDeadLetters(1).get(0);
        assertThat(dead.get("attempts").asInt()).isEqualTo(2);
        assertThat(dead.get("lastStatus").asInt()).isEqualTo(500);
        String id = dead.get("id").asText();

        JsonNode detail = JSON.readTree(admin.send("GET", "/admin/dead-letters/" + id).body());
        assertThat(detail.get("attemptLog")).extracting(a -> a.get("status").asInt()).containsExactly(500, 500);
        JsonNode push = detail.get("push");
        assertThat(push.get("method").asText()).isEqualTo("POST");
        assertThat(push.get("url").asText()).isEqualTo(receiver.url("/bos").toString());
        assertThat(push.get("contentType").asText()).isEqualTo("application/json; charset=utf-8");
        assertThat(push.get("bodyEncoding").asText()).isEqualTo("utf-8");
        assertThat(push.has("signingKey")).isFalse();

        status.set(200);
        receiver.clear();
        assertThat(JSON.readTree(admin.send("POST", "/admin/dead-letters/" + id + "/replay").body()).get("replayed").get(0).asText())
                .isEqualTo(id);
        RecordedRequest replayed = receiver.awaitRequests(1, Duration.ofSeconds(10)).getFirst();
        assertThat(replayed.header("X-Herald-Delivery-Id")).as("the same delivery id as before it died").isEqualTo(id);
        assertThat(replayed.bodyText()).as("the payload the dead letter showed").isEqualTo(push.get("body").asText());
        assertThat(awaitDeadLetters(0)).isEmpty();

        status.set(500);
        Instant since = Instant.now();
        herald.minio(ObjectOperation.put("photos", "b.jpg").size(1).eTag("e2"));
        awaitDeadLetters(1);
        status.set(200);
        assertThat(JSON.readTree(admin.send("POST", "/admin/dead-letters/replay?since=" + since).body()).get("replayed")).hasSize(1);
        assertThat(awaitDeadLetters(0)).isEmpty();

        status.set(500);
        herald.minio(ObjectOperation.put("photos", "c.jpg").size(1).eTag("e3"));
        awaitDeadLetters(1);
        assertThat(admin.send("DELETE", "/admin/dead-letters?before=" + Instant.now().plusSeconds(1)).body()).isEqualTo("{\"purged\":1}");
        assertThat(awaitDeadLetters(0)).isEmpty();
        assertThat(admin.send("GET", "/admin/dead-letters?limit=0").statusCode()).isEqualTo(400);
        assertThat(admin.send("POST", "/admin/dead-letters/nope/replay").statusCode()).isEqualTo(404);
    }

    @Test
    void aTargetAnswering410IsDisabledUntilReEnabled() throws Exception {
        AtomicInteger status = new AtomicInteger(410);
        RecordingReceiver receiver = receiverAnswering(status, "/gone");
        herald.minio(ObjectOperation.put("photos", "a.jpg").size(1).eTag("e1"));
        JsonNode dead = awaitDeadLetters(1).get(0);
        assertThat(dead.get("attempts").asInt()).as("410 is final: no retries").isEqualTo(1);
        JsonNode disabled = JSON.readTree(admin.send("GET", "/admin/destinations/disabled").body()).get("disabled");
        assertThat(disabled).singleElement().satisfies(d -> assertThat(d.get("url").asText()).isEqualTo(receiver.url("/gone").toString()));

        herald.minio(ObjectOperation.put("photos", "b.jpg").size(1).eTag("e2"));
        awaitDeadLetters(2);
        assertThat(receiver.requests()).as("a disabled target is not called").hasSize(1);

        Instant since = Instant.now().minusSeconds(60);
        String url = java.net.URLEncoder.encode(receiver.url("/gone").toString(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(admin.send("DELETE", "/admin/destinations/disabled?url=" + url).statusCode()).isEqualTo(200);
        status.set(200);
        assertThat(JSON.readTree(admin.send("POST", "/admin/dead-letters/replay?since=" + since).body()).get("replayed")).hasSize(2);
        receiver.awaitRequests(3, Duration.ofSeconds(10));
        assertThat(awaitDeadLetters(0)).isEmpty();
    }

    /** The receiver answering {@code status} (the test changes it) on {@code path}: every PutObject of photos goes there. */
    private RecordingReceiver receiverAnswering(AtomicInteger status, String path) {
        RecordingReceiver receiver = herald.receiver().answerWith(r -> RecordingReceiver.Answer.status(status.get()));
        BosSdk.putRules(herald.baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(BosSdk.rule("all",
                receiver.url(path).toString(), null, List.of("/"), List.of("PutObject"))));
        return receiver;
    }

    private JsonNode awaitDeadLetters(int n) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(admin::deadLetters, list -> list.size() == n);
    }
}
