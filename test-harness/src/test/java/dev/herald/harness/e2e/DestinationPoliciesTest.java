package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-destination settings on a real Herald: FIFO per object, a token-bucket rate limit and
 * Standard Webhooks signatures, each on a receiver of its own (they are per destination).
 */
class DestinationPoliciesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 32 bytes, base64: a Standard Webhooks secret as a user would generate it. */
    private static final String WHSEC = "whsec_" + Base64.getEncoder().encodeToString(
            "herald-test-secret-of-32-bytes!!".getBytes(StandardCharsets.US_ASCII));

    private static final RecordingReceiver ORDERED = RecordingReceiver.start();
    private static final RecordingReceiver UNORDERED = RecordingReceiver.start();
    private static final RecordingReceiver LIMITED = RecordingReceiver.start();
    private static final RecordingReceiver SIGNED = RecordingReceiver.start();

    @RegisterExtension
    HeraldExtension herald = HeraldExtension.withConfig(() -> HeraldExtension.DEFAULT_YAML
            .replace("  retrySchedule: [0s, 200ms, 500ms, 1s, 2s]", "  retrySchedule: [0s, 300ms, 300ms, 300ms]") + """
              destinations:
                - { url: "%s", fifo: true }
                - { url: "%s", rateLimit: 5, burst: 1 }
                - url: "%s"
                  standardWebhooks: { secrets: ["%s"] }
            """.formatted(ORDERED.url("/"), LIMITED.url("/"), SIGNED.url("/hooks/"), WHSEC));

    @BeforeEach
    void reset() {
        for (RecordingReceiver r : List.of(ORDERED, UNORDERED, LIMITED, SIGNED)) {
            r.clear();
            r.answerWith(req -> RecordingReceiver.Answer.status(200));
        }
    }

    @AfterAll
    static void stopReceivers() {
        for (RecordingReceiver r : List.of(ORDERED, UNORDERED, LIMITED, SIGNED)) {
            r.close();
        }
    }

    @Test
    void aFifoDestinationGetsOneObjectsEventsInOrderWhileOtherObjectsGoOn() throws Exception {
        rule(ORDERED.url("/in-order").toString(), null);
        // The first event of k.txt fails twice; its successors must wait for it, j.txt must not.
        ORDERED.answerWith(failFirstTwoOf("k.txt", 1));
        herald.minio(ObjectOperation.put("photos", "k.txt").size(1).eTag("e1"));
        herald.minio(ObjectOperation.put("photos", "k.txt").size(2).eTag("e2"));
        herald.minio(ObjectOperation.put("photos", "j.txt").size(7).eTag("e7"));
        herald.minio(ObjectOperation.put("photos", "k.txt").size(3).eTag("e3"));

        List<String> seen = summaries(ORDERED.awaitRequests(6, Duration.ofSeconds(15)));
        List<String> ofK = seen.stream().filter(s -> s.startsWith("k.txt")).toList();
        assertThat(ofK).containsExactly("k.txt#1", "k.txt#1", "k.txt#1", "k.txt#2", "k.txt#3");
        assertThat(seen.indexOf("j.txt#7")).as("another object is not held up by k.txt's retries")
                .isLessThan(seen.lastIndexOf("k.txt#1"));
    }

    @Test
    void withoutFifoASuccessorOvertakesAFailingEvent() throws Exception {
        rule(UNORDERED.url("/any-order").toString(), null);
        UNORDERED.answerWith(failFirstTwoOf("k.txt", 1));
        herald.minio(ObjectOperation.put("photos", "k.txt").size(1).eTag("e1"));
        herald.minio(ObjectOperation.put("photos", "k.txt").size(2).eTag("e2"));

        List<String> seen = summaries(UNORDERED.awaitRequests(4, Duration.ofSeconds(15)));
        assertThat(seen.indexOf("k.txt#2")).as("best effort: #2 is delivered while #1 is retried")
                .isLessThan(seen.lastIndexOf("k.txt#1"));
    }

    @Test
    void aRateLimitedDestinationIsCalledAtMostAtItsRate() throws Exception {
        rule(LIMITED.url("/limited").toString(), null);
        for (int i = 0; i < 11; i++) {
            herald.minio(ObjectOperation.put("photos", "r" + i + ".txt").size(i).eTag("r" + i));
        }
        List<RecordedRequest> got = LIMITED.awaitRequests(11, Duration.ofSeconds(15));
        assertThat(got).hasSize(11);
        List<Long> at = got.stream().map(RecordedRequest::receivedAtMillis).sorted().toList();
        // 5 per second with a burst of 1: ten intervals of 200 ms between the first and the last, and
        // any five intervals span a second (less the slack of a first request that opens the connection).
        assertThat(at.getLast() - at.getFirst()).isGreaterThanOrEqualTo(1_750);
        for (int i = 5; i < at.size(); i++) {
            assertThat(at.get(i) - at.get(i - 5)).as("ms from request " + (i - 5) + " to " + i).isGreaterThanOrEqualTo(850);
        }
    }

    @Test
    void standardWebhooksHeadersAreSignedPerAttemptUnderTheSameId() throws Exception {
        rule(SIGNED.url("/hooks/object-events").toString(), "bos-push-signing-key");
        SIGNED.enqueue(RecordingReceiver.Answer.status(503));
        long before = Instant.now().getEpochSecond();
        herald.minio(ObjectOperation.put("photos", "s.txt").size(5).eTag("s1"));
        List<RecordedRequest> got = SIGNED.awaitRequests(2, Duration.ofSeconds(10));
        long after = Instant.now().getEpochSecond();
        byte[] key = Base64.getDecoder().decode(WHSEC.substring("whsec_".length()));
        for (RecordedRequest r : got) {
            String id = r.header("webhook-id");
            String timestamp = r.header("webhook-timestamp");
            assertThat(id).isEqualTo(r.header("X-Herald-Delivery-Id"));
            assertThat(Long.parseLong(timestamp)).isBetween(before, after);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(r.body()));
            assertThat(r.header("webhook-signature")).isEqualTo(expected);
            assertThat(r.header("Authorization")).as("the vendor signature is still there").startsWith("bce-auth-v1/");
        }
        assertThat(got.get(1).header("webhook-id")).as("the same id on the retry").isEqualTo(got.get(0).header("webhook-id"));
    }

    private void rule(String url, String bosSigningKey) {
        BosSdk.putRules(herald.baseUri(), ACCESS_KEY, SECRET_KEY, "photos",
                List.of(BosSdk.rule("r1", url, bosSigningKey, List.of("/"), List.of("PutObject"))));
    }

    /** Answers 500 to the first two requests for this object and size, 200 to everything else. */
    private static java.util.function.Function<RecordedRequest, RecordingReceiver.Answer> failFirstTwoOf(String key, long size) {
        AtomicInteger failures = new AtomicInteger();
        return r -> summary(r).equals(key + "#" + size) && failures.getAndIncrement() < 2
                ? RecordingReceiver.Answer.status(500) : RecordingReceiver.Answer.status(200);
    }

    private static List<String> summaries(List<RecordedRequest> requests) {
        return requests.stream().map(DestinationPoliciesTest::summary).toList();
    }

    /** {@code object#filesize} of a BOS push. */
    private static String summary(RecordedRequest r) {
        try {
            var body = JSON.readTree(r.body());
            return body.findValue("object").asText() + "#" + body.findValue("filesize").asLong();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
