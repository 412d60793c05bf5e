package dev.herald.sidecar.delivery;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.herald.sidecar.delivery.CircuitBreaker.State.CLOSED;
import static dev.herald.sidecar.delivery.CircuitBreaker.State.HALF_OPEN;
import static dev.herald.sidecar.delivery.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {
    private Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final CircuitBreaker breaker = new CircuitBreaker(0.7, 10, Duration.ofMinutes(5), Duration.ofSeconds(30), clock);

    private void attempts(int ok, int failed) {
        for (int i = 0; i < ok; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.record(false);
        }
        for (int i = 0; i < failed; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.record(true);
        }
    }

    @Test
    void nineFailuresAreTooFewToJudge() {
        attempts(0, 9);
        assertThat(breaker.state()).isEqualTo(CLOSED);
        attempts(0, 1);
        assertThat(breaker.state()).isEqualTo(OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.openUntil()).isEqualTo(now.plusSeconds(30).toEpochMilli());
    }

    @Test
    void opensAtSeventyPercentNotBelow() {
        attempts(4, 6); // 60 %
        assertThat(breaker.state()).isEqualTo(CLOSED);
        attempts(0, 1); // 7 of 11 = 63.6 %
        assertThat(breaker.state()).isEqualTo(CLOSED);
        attempts(0, 3); // 10 of 14 = 71.4 %
        assertThat(breaker.state()).isEqualTo(OPEN);
    }

    @Test
    void oldAttemptsLeaveTheWindow() {
        attempts(0, 9);
        now = now.plus(Duration.ofMinutes(6));
        attempts(0, 1);
        assertThat(breaker.state()).as("the nine failures are older than the window").isEqualTo(CLOSED);
    }

    @Test
    void afterThirtySecondsOneProbeGoesThroughAndItsOutcomeDecides() {
        attempts(0, 10);
        now = now.plusSeconds(29);
        assertThat(breaker.tryAcquire()).isFalse();
        now = now.plusSeconds(1);
        assertThat(breaker.state()).isEqualTo(HALF_OPEN);
        assertThat(breaker.tryAcquire()).as("the probe").isTrue();
        assertThat(breaker.tryAcquire()).as("only one probe at a time").isFalse();
        breaker.record(true);
        assertThat(breaker.state()).isEqualTo(OPEN);
        assertThat(breaker.timesOpened()).isEqualTo(2);

        now = now.plusSeconds(30);
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.record(false);
        assertThat(breaker.state()).isEqualTo(CLOSED);
        attempts(0, 9);
        assertThat(breaker.state()).as("closing starts a fresh window").isEqualTo(CLOSED);
    }

    @Test
    void anUnusedProbeIsGivenBack() {
        attempts(0, 10);
        now = now.plusSeconds(30);
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.release();
        assertThat(breaker.tryAcquire()).isTrue();
    }
}
