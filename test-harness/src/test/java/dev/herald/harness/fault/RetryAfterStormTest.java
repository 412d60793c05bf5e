package dev.herald.harness.fault;

import dev.herald.harness.RecordingReceiver;
import dev.herald.harness.RecordingReceiver.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receiver that answers {@code 429 Too Many Requests} with {@code Retry-After: 2} to everything
 * for its first seconds, then 200: Herald waits at least the two seconds before each retry
 * although its own schedule says 100 ms, counts attempts up, and delivers everything once the
 * storm is over.
 */
class RetryAfterStormTest {
    private static final int EVENTS = 40;
    private static final long RETRY_AFTER_MILLIS = 2_000;
    private static final long SLACK_MILLIS = 100;
    /** The storm goes on this long after the last event was ingested. */
    private static final long STORM_MILLIS = 3_000;

    @RegisterExtension
    final FaultRig rig = new FaultRig();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void retriesWaitForRetryAfterAndEverythingArrivesAfterTheStorm() {
        rig.startHerald(Fault.yaml("[0s" + ", 100ms".repeat(20) + "]",
                        // 429s count against the circuit, which would hold most deliveries back unsent;
                        // this test is about each delivery's own Retry-After schedule.
                        "{ enabled: false }"),
                List.of("-Xmx256m", "-XX:+UseSerialGC"));
        AtomicLong stormEnd = new AtomicLong(Long.MAX_VALUE);
        RecordingReceiver receiver = rig.closeAfterTest(RecordingReceiver.start());
        receiver.answerWith(r -> storm(r.receivedAtMillis(), stormEnd)
                ? new Answer(429, Map.of("Retry-After", Long.toString(RETRY_AFTER_MILLIS / 1000)), "slow down")
                : Answer.status(200));
        rig.putBosRule(receiver.url("/bos"));

        rig.producer().ingest("storm/", EVENTS);
        stormEnd.set(System.currentTimeMillis() + STORM_MILLIS);
        Fault.await("every event answered 200", Duration.ofSeconds(30),
                () -> receiver.requests().stream().filter(r -> !storm(r.receivedAtMillis(), stormEnd)).count() >= EVENTS,
                () -> receiver.requests().size() + " requests");
        rig.awaitNothingPending(Duration.ofSeconds(10));

        Map<String, List<Fault.Push>> perDelivery = receiver.requests().stream().map(Fault.Push::of)
                .collect(Collectors.groupingBy(Fault.Push::deliveryId));
        assertThat(perDelivery).hasSize(EVENTS);
        long shortest = Long.MAX_VALUE;
        int retries = 0;
        for (Map.Entry<String, List<Fault.Push>> e : perDelivery.entrySet()) {
            List<Fault.Push> attempts = e.getValue().stream().sorted(Comparator.comparingLong(Fault.Push::receivedAtMillis)).toList();
            assertThat(attempts).as("attempt numbers of %s", e.getKey()).extracting(Fault.Push::attempt)
                    .isEqualTo(IntStream.rangeClosed(1, attempts.size()).boxed().toList());
            assertThat(attempts).as("objects of %s", e.getKey()).extracting(Fault.Push::objectKey).containsOnly(attempts.getFirst().objectKey());
            // Every attempt but the last was answered 429 (the first ones fell in the storm), the last 200.
            assertThat(attempts.size()).as("attempts of %s", e.getKey()).isGreaterThan(1);
            for (int i = 0; i < attempts.size(); i++) {
                boolean throttled = storm(attempts.get(i).receivedAtMillis(), stormEnd);
                assertThat(throttled).as("attempt %d of %s answered 429", i + 1, e.getKey()).isEqualTo(i < attempts.size() - 1);
            }
            for (int i = 1; i < attempts.size(); i++) {
                long gap = attempts.get(i).receivedAtMillis() - attempts.get(i - 1).receivedAtMillis();
                assertThat(gap).as("wait before attempt %d of %s after a 429 with Retry-After: 2", i + 1, e.getKey())
                        .isGreaterThanOrEqualTo(RETRY_AFTER_MILLIS - SLACK_MILLIS);
                shortest = Math.min(shortest, gap);
                retries++;
            }
        }
        rig.assertNothingDead();
        System.out.printf(Locale.ROOT, "RetryAfterStormTest: %d deliveries, %d retries after a 429, shortest wait %d ms "
                + "(Retry-After %d ms, own schedule 100 ms)%n", EVENTS, retries, shortest, RETRY_AFTER_MILLIS);
    }

    private static boolean storm(long receivedAtMillis, AtomicLong stormEnd) {
        return receivedAtMillis < stormEnd.get();
    }
}
