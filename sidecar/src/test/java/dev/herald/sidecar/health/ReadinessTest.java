package dev.herald.sidecar.health;

import dev.herald.sidecar.storage.sqlite.SqliteStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** What makes {@code /readyz} fail: stopping, a store that does not answer, a heap full of live objects. */
class ReadinessTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void stoppingIsUnreadyWhateverTheChecksSay() {
        Readiness readiness = new Readiness(List.of(Optional::empty));
        assertThat(readiness.problem()).isEmpty();
        readiness.stop();
        assertThat(readiness.stopping()).isTrue();
        assertThat(readiness.problem()).hasValue("shutting down");
    }

    @Test
    void theFirstFailingCheckIsTheReason() {
        Readiness readiness = new Readiness(List.of(Optional::empty, () -> Optional.of("store: full"), () -> Optional.of("heap")));
        assertThat(readiness.problem()).hasValue("store: full");
    }

    @Test
    void aStalledWriterMakesTheStoreUnreadyUntilItAnswersAgain() throws Exception {
        try (SqliteStorage storage = SqliteStorage.open(dir, 8, Duration.ofDays(7), Clock.systemUTC())) {
            StoreProbe probe = new StoreProbe(storage, Duration.ofMillis(300));
            assertThat(probe.problem()).isEmpty();
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> stalled = storage.database().writer().submit(c -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            assertThat(probe.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("store: the writer did not answer"));
            release.countDown();
            stalled.get();
            assertThat(probe.problem()).isEmpty();
        }
    }

    @Test
    void aHeapFullOfLiveObjectsIsUnreadyButGarbageIsNot() {
        long max = 128 * MIB;
        assertThat(new HeapHeadroom(0.1, List.of(pool(120 * MIB, 124 * MIB)), max).problem())
                .as("120 of 128 MiB survived the last collection").hasValueSatisfying(p -> assertThat(p)
                        .contains("120 of 128 MiB live", "server.readiness.minFreeHeap"));
        assertThat(new HeapHeadroom(0.1, List.of(pool(20 * MIB, 124 * MIB)), max).problem())
                .as("full, but of garbage").isEmpty();
        assertThat(new HeapHeadroom(0.1, List.of(pool(120 * MIB, 30 * MIB)), max).problem())
                .as("shrunk since the last collection").isEmpty();
        assertThat(new HeapHeadroom(0.1, List.of(pool(60 * MIB, 60 * MIB), pool(60 * MIB, 60 * MIB)), max).problem())
                .as("summed over the pools").isPresent();
    }

    /** A heap pool that held {@code afterCollection} bytes after its last collection and holds {@code now}. */
    private static MemoryPoolMXBean pool(long afterCollection, long now) {
        return (MemoryPoolMXBean) Proxy.newProxyInstance(ReadinessTest.class.getClassLoader(), new Class<?>[] {MemoryPoolMXBean.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getCollectionUsage" -> new MemoryUsage(0, afterCollection, afterCollection, -1);
                    case "getUsage" -> new MemoryUsage(0, now, now, -1);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
