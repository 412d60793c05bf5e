package dev.herald.sidecar.delivery;

import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.bos.BosDialect;
import dev.herald.dialects.bos.BosSettings;
import dev.herald.dialects.ks3.Ks3Dialect;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.DisabledTargetStore;
import dev.herald.sidecar.testing.MutableClock;
import dev.herald.sidecar.testing.TestConfig;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import dev.herald.sidecar.tracing.Tracing;

/**
 * The delivery pipeline with nothing real behind it: an in-memory queue, a scripted transport, a
 * clock and an executor that move only when the test moves them. Whole retry ladders run in
 * milliseconds.
 */
final class DeliveryRig {
    static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final MemoryDeliveryQueue queue = new MemoryDeliveryQueue();
    final ScriptedTransport transport = new ScriptedTransport(clock);
    final ManualExecutor executor = new ManualExecutor();
    final List<DisabledTargetStore.DisabledTarget> disabledRows = new ArrayList<>();
    final DisabledTargets disabled = new DisabledTargets(new DisabledTargetStore() {
        @Override
        public List<DisabledTarget> list() {
            return List.copyOf(disabledRows);
        }

        @Override
        public void disable(DisabledTarget target) {
            disabledRows.add(target);
        }

        @Override
        public boolean enable(String targetUrl) {
            return disabledRows.removeIf(d -> d.targetUrl().equals(targetUrl));
        }
    });
    final Dispatcher dispatcher;

    /** @param deliveryYaml the {@code delivery:} section's keys */
    DeliveryRig(String deliveryYaml) {
        List<NotificationDialect> dialects = List.of(new Ks3Dialect(), new BosDialect(new BosSettings(null, Map.of(), null)));
        DestinationSettings settings = new DestinationSettings(TestConfig.delivery("jitter: 0\n" + deliveryYaml), dialects,
                clock, clock::nanos, RandomGenerator.getDefault());
        dispatcher = Dispatcher.create(queue, transport, dialects, ReportTargets.NONE, disabled, settings, Tracing.OFF, clock,
                new HeraldMetrics(), 64, executor);
    }

    /** An unsigned KS3 push of object {@code key} to {@code url}, as routing makes one. */
    static Delivery push(String id, String url, String key) {
        OutboundPush push = new OutboundPush(id, Ks3Dialect.ID, "b", "rule", url, "POST", "application/json",
                ("{\"key\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8), null, "e-" + id);
        return Delivery.fresh("event-" + id, push, "b/" + key, START.toEpochMilli());
    }

    /** Stores the deliveries as the event log does and admits them, as after an ingest commit. */
    List<Delivery> submit(Delivery... deliveries) {
        List<Delivery> stored = queue.store(List.of(deliveries));
        dispatcher.admit(stored);
        run();
        return stored;
    }

    /** Runs everything due now, and what that makes due now, until nothing is left. */
    void run() {
        for (int i = 0; i < 8; i++) {
            dispatcher.runDue();
            executor.runAll();
        }
    }

    /** Moves the clock on in steps of {@code step}, running what falls due at each. */
    void advance(Duration total, Duration step) {
        for (long t = 0; t < total.toMillis(); t += step.toMillis()) {
            clock.advance(step);
            run();
        }
    }

    long sinceStart(long at) {
        return at - START.toEpochMilli();
    }
}
