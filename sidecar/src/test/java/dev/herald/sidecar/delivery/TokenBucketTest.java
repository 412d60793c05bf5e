package dev.herald.sidecar.delivery;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {
    private static final long MS = 1_000_000;
    private final AtomicLong now = new AtomicLong(1_000_000 * MS);

    @Test
    void aFullBucketGivesItsBurstAtOnceThenSaysWhenTheNextTokenIsThere() {
        TokenBucket bucket = new TokenBucket(10, 3, now::get); // one token per 100 ms
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isEqualTo(100 * MS);
        assertThat(bucket.tryTake()).as("asking again takes nothing: still one interval").isEqualTo(100 * MS);
        now.addAndGet(40 * MS);
        assertThat(bucket.tryTake()).isEqualTo(60 * MS);
        now.addAndGet(60 * MS);
        assertThat(bucket.tryTake()).isZero();
    }

    @Test
    void tokensRefillWithTimeButNeverBeyondTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 2, now::get);
        bucket.tryTake();
        bucket.tryTake();
        now.addAndGet(150 * MS);
        assertThat(bucket.tryTake()).as("one token refilled in 150 ms").isZero();
        assertThat(bucket.tryTake()).isEqualTo(50 * MS);
        now.addAndGet(10_000 * MS);
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).as("an idle hour banks no more than the burst").isEqualTo(100 * MS);
    }

    @Test
    void theLongRunRateIsTheLimit() {
        TokenBucket bucket = new TokenBucket(50, 5, now::get);
        long start = now.get();
        int taken = 0;
        while (taken < 505) {
            long wait = bucket.tryTake();
            if (wait == 0) {
                taken++;
            } else {
                now.addAndGet(wait);
            }
        }
        // 505 tokens at 50/s with a burst of 5: the last is taken after 500 intervals of 20 ms.
        assertThat(now.get() - start).isEqualTo(10_000 * MS);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
