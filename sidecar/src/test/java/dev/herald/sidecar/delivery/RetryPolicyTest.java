package dev.herald.sidecar.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private static final List<Duration> LADDER = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30));

    @Test
    void withoutJitterFollowsTheLadderAndStopsAtItsEnd() {
        RetryPolicy p = new RetryPolicy(LADDER, 0, Duration.ofHours(2), new SplittableRandom(1));
        assertThat(p.maxAttempts()).isEqualTo(4);
        assertThat(p.initialDelayMillis()).isZero();
        assertThat(p.nextDelayMillis(1, -1)).hasValue(5_000);
        assertThat(p.nextDelayMillis(2, -1)).hasValue(300_000);
        assertThat(p.nextDelayMillis(3, -1)).hasValue(1_800_000);
        assertThat(p.nextDelayMillis(4, -1)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void jitterStaysWithinItsBandAndVaries() {
        RetryPolicy p = new RetryPolicy(LADDER, 0.2, Duration.ofHours(2), new SplittableRandom(7));
        long min = Long.MAX_VALUE, max = 0;
        for (int i = 0; i < 1000; i++) {
            long d = p.nextDelayMillis(1, -1).orElseThrow();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isGreaterThanOrEqualTo(4_000);
        assertThat(max).isLessThanOrEqualTo(6_000);
        assertThat(max - min).isGreaterThan(1_500);
    }

    @Test
    void retryAfterExtendsTheWaitButIsCapped() {
        RetryPolicy p = new RetryPolicy(LADDER, 0, Duration.ofMinutes(1), new SplittableRandom(1));
        assertThat(p.nextDelayMillis(1, 1_000)).as("shorter than backoff: backoff wins").hasValue(5_000);
        assertThat(p.nextDelayMillis(1, 30_000)).as("longer: Retry-After wins").hasValue(30_000);
        assertThat(p.nextDelayMillis(1, 3_600_000)).as("capped at backoff + maxRetryAfter").hasValue(65_000);
        assertThat(p.nextDelayMillis(4, 1_000)).as("budget spent regardless").isEmpty();
    }

    @Test
    void aVendorsLeadingRetriesComeBeforeTheLadder() {
        RetryPolicy p = new RetryPolicy(LADDER, 0, Duration.ofHours(2), new SplittableRandom(1))
                .withLeadingRetries(java.util.List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThat(p.maxAttempts()).isEqualTo(LADDER.size() + 2);
        assertThat(p.initialDelayMillis()).isZero();
        assertThat(p.nextDelayMillis(1, -1)).hasValue(1_000);
        assertThat(p.nextDelayMillis(2, -1)).hasValue(1_000);
        assertThat(p.nextDelayMillis(3, -1)).hasValue(5_000);
        assertThat(p.nextDelayMillis(4, -1)).hasValue(300_000);
    }
}
