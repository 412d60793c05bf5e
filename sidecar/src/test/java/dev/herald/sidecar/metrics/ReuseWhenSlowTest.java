package dev.herald.sidecar.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReuseWhenSlowTest {
    final AtomicLong nanos = new AtomicLong(1_000);
    final AtomicInteger reads = new AtomicInteger();
    final AtomicLong readTakes = new AtomicLong();

    final ReuseWhenSlow gauge = new ReuseWhenSlow(() -> {
        nanos.addAndGet(readTakes.get());
        return reads.incrementAndGet();
    }, Duration.ofMillis(50), Duration.ofSeconds(5), nanos::get);

    @Test
    void aFastReadIsMadeAtEveryScrape() {
        readTakes.set(Duration.ofMillis(10).toNanos());
        assertThat(gauge.get()).isEqualTo(1);
        assertThat(gauge.get()).isEqualTo(2);
        assertThat(gauge.get()).isEqualTo(3);
    }

    @Test
    void aSlowReadIsReusedForAWhile() {
        readTakes.set(Duration.ofMillis(80).toNanos());
        assertThat(gauge.get()).isEqualTo(1);
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(gauge.get()).as("within 5 s of the slow read").isEqualTo(1);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(gauge.get()).isEqualTo(2);
        readTakes.set(0);
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(gauge.get()).isEqualTo(3);
        assertThat(gauge.get()).as("fast again: read every time").isEqualTo(4);
    }

    @Test
    void aFailedReadIsNotCached() {
        AtomicInteger calls = new AtomicInteger();
        ReuseWhenSlow failing = new ReuseWhenSlow(() -> {
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("store read failed");
            }
            return calls.get();
        }, Duration.ofMillis(50), Duration.ofSeconds(5), nanos::get);
        assertThat(failing.get()).isEqualTo(1);
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThatThrownBy(failing::get).hasMessage("store read failed");
        assertThat(failing.get()).isEqualTo(3);
    }
}
