package dev.herald.sidecar.delivery;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {
    private static final long MS = 1_000_000;
    private final AtomicLong now = new AtomicLong(1_000_000 * MS);

    @Test
    void aFullBucketGivesItsBurstAtOnceThenOneTokenPerInterval() {
        TokenBucket bucket = new TokenBucket(10, 3, now::get); // one token per 100 ms
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(100 * MS);
        assertThat(bucket.reserve()).as("callers queue up: the next waits one more interval").isEqualTo(200 * MS);
    }

    @Test
    void tokensRefillWithTimeButNeverBeyondTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 2, now::get);
        bucket.reserve();
        bucket.reserve();
        now.addAndGet(150 * MS);
        assertThat(bucket.reserve()).as("one token refilled in 150 ms").isZero();
        assertThat(bucket.reserve()).isEqualTo(50 * MS);
        now.addAndGet(10_000 * MS);
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).as("an idle hour banks no more than the burst").isEqualTo(100 * MS);
    }

    @Test
    void theLongRunRateIsTheLimit() {
        TokenBucket bucket = new TokenBucket(50, 5, now::get);
        long lastWait = 0;
        for (int i = 0; i < 505; i++) {
            lastWait = bucket.reserve();
        }
        // 505 requests at 50/s with a burst of 5: the last may go after 500 intervals of 20 ms.
        assertThat(lastWait).isEqualTo(10_000 * MS);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
