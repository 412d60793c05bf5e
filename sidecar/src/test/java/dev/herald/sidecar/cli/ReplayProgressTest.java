package dev.herald.sidecar.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayProgressTest {
    /** A clock the test moves. */
    private static final class ManualClock extends Clock {
        private long millis;

        void advance(long by) {
            millis += by;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final StringWriter out = new StringWriter();
    private final ManualClock clock = new ManualClock();

    @Test
    void onATerminalOneLineIsRewrittenInPlaceTenTimesASecond() {
        ReplayProgress progress = new ReplayProgress(new PrintWriter(out), true, clock);
        progress.start();
        clock.advance(50);
        progress.update(20, 5000);
        assertThat(out.toString()).as("not yet: 100 ms between lines").isEmpty();
        clock.advance(50);
        progress.update(1200, 5000);
        clock.advance(2900);
        progress.update(5000, 5000);
        progress.finish(5000, 5000);

        assertThat(out.toString()).isEqualTo("\rreplayed 1200/5000  (12000/s)"
                + "\rreplayed 5000/5000  (1667/s) "
                + "\rreplayed 5000/5000  (1667/s)\n"
                + "replayed 5000 dead letters in 3.0 s (1667/s)\n");
    }

    @Test
    void elsewhereItPrintsALineASecond() {
        ReplayProgress progress = new ReplayProgress(new PrintWriter(out), false, clock);
        progress.start();
        clock.advance(999);
        progress.update(300, 1000);
        clock.advance(1);
        progress.update(400, 1000);
        clock.advance(500);
        progress.update(600, 1000);
        clock.advance(500);
        progress.update(800, 1000);
        clock.advance(500);
        progress.finish(1000, 1000);

        assertThat(out.toString()).isEqualTo("""
                replayed 400/1000  (400/s)
                replayed 800/1000  (400/s)
                replayed 1000 dead letters in 2.5 s (400/s)
                """);
    }
}
