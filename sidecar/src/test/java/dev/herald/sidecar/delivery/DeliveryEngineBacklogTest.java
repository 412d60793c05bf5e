package dev.herald.sidecar.delivery;

import com.sun.net.httpserver.HttpServer;
import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.ks3.Ks3Dialect;
import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.store.HeraldStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's memory share per destination, driven directly: deliveries committed together reach
 * {@link DeliveryEngine#schedule} out of insertion order, and one that finds the share full must
 * still be loaded from the store later.
 */
class DeliveryEngineBacklogTest {
    private static final int HELD = 10;

    @TempDir
    Path dir;

    @Test
    void aDeliveryLeftInTheStoreOutOfOrderIsLoadedOnceThereIsRoom() throws Exception {
        CountDownLatch open = new CountDownLatch(1);
        Set<String> received = ConcurrentHashMap.newKeySet();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/", exchange -> {
            try {
                open.await(30, TimeUnit.SECONDS); // hold every push until the test has scheduled all
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.add(exchange.getRequestHeaders().getFirst("X-Herald-Delivery-Id"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb";
        List<NotificationDialect> dialects = List.of(new Ks3Dialect());
        HeraldConfig.Delivery config = new HeraldConfig.Delivery(true, List.of(Duration.ZERO, Duration.ofSeconds(1)), 0.0,
                null, null, null, null, null, null, null, null, HELD, null, null);
        try (HeraldStore store = HeraldStore.open(dir, 64);
             PushSender sender = PushSender.start(new TargetGuard(true), Duration.ofSeconds(2), Duration.ofSeconds(30), 8,
                     "test", Clock.systemUTC())) {
            DeliveryStore deliveries = new DeliveryStore(store);
            DeliveryEngine engine = new DeliveryEngine(deliveries, sender, dialects, ReportTargets.NONE,
                    new DisabledTargets(store), new DestinationSettings(config, dialects, Clock.systemUTC(),
                    RandomGenerator.getDefault()), Clock.systemUTC(), new HeraldMetrics(), 64);
            engine.start();
            int n = HELD + 2;
            List<ScheduledDelivery> rows = store.writer().execute(c -> {
                List<ScheduledDelivery> out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    out.add(DeliveryStore.insert(c, "event-" + i, new OutboundPush("d" + i, Ks3Dialect.ID, "b", "r",
                            url, "POST", "application/json", "{}".getBytes(), null, "e" + i, Map.of()), null, 0));
                }
                return out;
            });
            // The first HELD - 1 in order, then the last before the one before it: the share fills
            // with a later row, and the earlier one must wait in the store.
            for (int i = 0; i < HELD - 1; i++) {
                engine.schedule(rows.get(i));
            }
            engine.schedule(rows.get(HELD));
            engine.schedule(rows.get(HELD - 1));
            engine.schedule(rows.get(HELD + 1));
            assertThat(engine.scheduledCount()).isEqualTo(HELD);
            open.countDown();
            waitFor(() -> received.size() == n && deliveries.pendingCount() == 0, Duration.ofSeconds(15));
            assertThat(received).as("every delivery, the one left in the store too").hasSize(n);
            engine.close();
        } finally {
            receiver.stop(0);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
