package dev.herald.sidecar.backend;

import dev.herald.adapter.backend.BackendUnavailableException;
import dev.herald.adapter.backend.BucketWiring;
import dev.herald.dialects.StoreUnavailableException;
import dev.herald.dialects.bos.BosDialect;
import dev.herald.dialects.bos.BosSettings;
import dev.herald.sidecar.routing.Rules;
import dev.herald.sidecar.storage.sqlite.SqliteStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WiredBucketsTest {
    private static final String RULES = """
            {"notifications":[{"id":"r1","appId":"a","status":"enabled","resources":["/"],"events":["PutObject"],
            "apps":[{"id":"a","eventUrl":"http://127.0.0.1:9/bos","deliveryUrl":"http://127.0.0.1:9/bos"}]}]}""";
    private static final String NO_RULES = "{\"notifications\":[]}";

    /** Records calls; {@link #failing} makes every call fail like an unreachable backend. */
    static final class RecordingWiring implements BucketWiring {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger maxInside = new AtomicInteger();
        volatile boolean failing;

        private void call(String what) {
            if (failing) {
                throw new BackendUnavailableException("backend down", null);
            }
            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            calls.add(what);
            inside.decrementAndGet();
        }

        @Override
        public void wire(String bucket) {
            call("wire " + bucket);
        }

        @Override
        public void unwire(String bucket) {
            call("unwire " + bucket);
        }

        @Override
        public boolean isWired(String bucket) {
            return false;
        }
    }

    @TempDir
    Path dir;

    @Test
    void theFirstRuleWiresBeforeItIsStoredAndTheLastOneGoneUnwires() {
        RecordingWiring wiring = new RecordingWiring();
        try (SqliteStorage store = SqliteStorage.open(dir, 64, Duration.ofDays(7), Clock.systemUTC())) {
            Rules rules = new Rules(store.rules(), List.of(new BosDialect(new BosSettings(null, Map.of(), null))),
                    Clock.systemUTC(), 100, new WiredBuckets(wiring));
            rules.save("photos", "bos", RULES);
            assertThat(wiring.calls).containsExactly("wire photos");
            rules.save("photos", "bos", NO_RULES);
            assertThat(wiring.calls).containsExactly("wire photos", "unwire photos");
            rules.save("photos", "bos", RULES);
            rules.delete("photos", "bos");
            assertThat(wiring.calls).containsExactly("wire photos", "unwire photos", "wire photos", "unwire photos");
            assertThat(rules.bucketsWithRules()).isEmpty();

            wiring.failing = true;
            assertThatThrownBy(() -> rules.save("photos", "bos", RULES))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("could not wire bucket photos on the backend: backend down");
            assertThat(rules.load("photos", "bos")).as("not stored: the bucket would never send its events").isEmpty();
        }
    }

    @Test
    void changesOfOneBucketNeverOverlap() throws Exception {
        RecordingWiring wiring = new RecordingWiring();
        WiredBuckets wired = new WiredBuckets(wiring);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            boolean hasRules = i % 2 == 0;
            futures.add(pool.submit(() -> {
                start.await();
                return wired.change("photos", hasRules, () -> null);
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(wiring.calls).hasSize(32);
        assertThat(wiring.maxInside.get()).as("read-modify-write cycles of one bucket are serialized").isEqualTo(1);
    }
}
