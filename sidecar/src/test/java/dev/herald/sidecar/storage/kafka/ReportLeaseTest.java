package dev.herald.sidecar.storage.kafka;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Only the holder writes reports, and handing the lease over waits for a report being written. */
class ReportLeaseTest {
    private final ReportLease lease = new ReportLease();

    @Test
    void onlyTheHolderWorks() {
        assertThat(lease.whileHeld(() -> "wrote", () -> "not mine")).isEqualTo("not mine");
        lease.take();
        assertThat(lease.whileHeld(() -> "wrote", () -> "not mine")).isEqualTo("wrote");
        lease.handOver();
        assertThat(lease.whileHeld(() -> "wrote", () -> "not mine")).isEqualTo("not mine");
    }

    @Test
    void handingOverWaitsForTheReportBeingWritten() throws Exception {
        lease.take();
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread writer = Thread.ofVirtual().start(() -> lease.whileHeld(() -> {
            writing.countDown();
            await(finish);
            return null;
        }, () -> null));
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
        CountDownLatch handedOver = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            lease.handOver();
            handedOver.countDown();
        });
        assertThat(handedOver.await(200, TimeUnit.MILLISECONDS)).as("still writing").isFalse();
        finish.countDown();
        assertThat(handedOver.await(5, TimeUnit.SECONDS)).isTrue();
        writer.join();
        assertThat(lease.whileHeld(() -> "wrote", () -> "not mine")).isEqualTo("not mine");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
