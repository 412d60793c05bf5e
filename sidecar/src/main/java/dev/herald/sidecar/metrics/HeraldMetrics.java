package dev.herald.sidecar.metrics;

import dev.herald.dialects.IngestRefusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Herald's meters, exposed at {@code /metrics} in the Prometheus text format. Micrometer names
 * them for Prometheus: {@code herald.events.received} is scraped as
 * {@code herald_events_received_total}, the timer {@code herald.ingest.ack} as
 * {@code herald_ingest_ack_seconds_bucket/_count/_sum}. {@code docs/grafana/herald-dashboard.json}
 * queries these names; a test keeps the two in step.
 */
public final class HeraldMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(HeraldMetrics.class);

    /** Producers with an ingest route of their own; their refusal counters exist from the start, at 0. */
    public static final List<String> INGEST_PRODUCERS = List.of("minio", "ceph", "eventbus");
    /** The host label when the destination host is not known. */
    public static final String UNKNOWN_HOST = "unknown";

    /**
     * End-to-end buckets, from a push on the first attempt to one that waited out the default
     * retry schedule (about 28 h). Fixed and few: this histogram is per dialect and host.
     */
    private static final Duration[] END_TO_END_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
        Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(12),
        Duration.ofDays(1), Duration.ofDays(2),
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /**
     * Meters by name and tag values: a builder's {@code register} looks the meter up by its whole
     * id each time, which cost more than the increment on every event.
     */
    private final Map<List<String>, Meter> meters = new ConcurrentHashMap<>();

    public HeraldMetrics() {
        // Present at 0 before the first refusal, so that rate() and alerts see the series.
        INGEST_PRODUCERS.forEach(p -> Arrays.stream(IngestRefusal.values()).forEach(r -> rejected(p, r)));
    }

    public String scrape() {
        return registry.scrape();
    }

    /**
     * A counter's totals since start, summed by the values of one tag ({@code producer},
     * {@code dialect}, ...) and, when {@code filterTag} is set, only where it has {@code filterValue}.
     */
    public Map<String, Double> totals(String meter, String byTag, String filterTag, String filterValue) {
        Map<String, Double> out = new TreeMap<>();
        registry.find(meter).counters().stream()
                .filter(c -> filterTag == null || filterValue.equals(c.getId().getTag(filterTag)))
                .forEach(c -> out.merge(c.getId().getTag(byTag), c.count(), Double::sum));
        return out;
    }

    /** An event arrived and was decoded (before storage). */
    public void eventReceived(String producer) {
        meter(Counter.class, List.of("herald.events.received", producer), r -> Counter.builder("herald.events.received")
                .description("Events decoded from ingest requests, by producer").tag("producer", producer)
                .register(r)).increment();
    }

    /** An event was committed to the store (duplicates are not counted). */
    public void eventStored(String producer) {
        meter(Counter.class, List.of("herald.events.stored", producer), r -> Counter.builder("herald.events.stored")
                .description("Events durably stored, by producer (duplicates excluded)").tag("producer", producer)
                .register(r)).increment();
    }

    /** An event was a duplicate of one already stored and was not routed again. */
    public void eventDuplicate(String producer) {
        Counter.builder("herald.events.duplicate").description("Events dropped as duplicates of stored events, by producer")
                .tag("producer", producer).register(registry).increment();
    }

    /** An ingest request was refused. */
    public void ingestRejected(String producer, IngestRefusal reason) {
        rejected(producer, reason).increment();
    }

    private Counter rejected(String producer, IngestRefusal reason) {
        return Counter.builder("herald.ingest.rejected")
                .description("Ingest requests refused, by producer and reason (auth, undecodable, too_large, store, internal)")
                .tag("producer", producer).tag("reason", reason.label()).register(registry);
    }

    /** An ingest request was acknowledged (2xx) {@code latency} after it arrived. */
    public void ingestAck(String producer, Duration latency) {
        meter(Timer.class, List.of("herald.ingest.ack", producer), r -> Timer.builder("herald.ingest.ack")
                .description("Time from ingest request received to acknowledgement (events committed)")
                .tag("producer", producer).publishPercentileHistogram().register(r)).record(latency);
    }

    /** A delivery attempt finished with {@code outcome} succeeded, retried or dead. */
    public void deliveryAttempt(String dialect, String host, String outcome) {
        String h = host == null ? UNKNOWN_HOST : host;
        meter(Counter.class, List.of("herald.deliveries", dialect, h, outcome), r -> Counter.builder("herald.deliveries")
                .description("Delivery attempts by dialect, destination host and outcome (succeeded, retried, dead)")
                .tag("dialect", dialect).tag("host", h).tag("outcome", outcome).register(r)).increment();
    }

    /**
     * A delivery succeeded {@code sinceStored} after its event was stored, retries included.
     *
     * @param host the destination host, as in {@link #deliveryAttempt}
     */
    public void deliveredEndToEnd(String dialect, String host, Duration sinceStored) {
        String h = host == null ? UNKNOWN_HOST : host;
        meter(Timer.class, List.of("herald.delivery.latency", dialect, h), r -> Timer.builder("herald.delivery.latency")
                .description("Time from event stored to successful delivery, retries included, by dialect and destination host")
                .tag("dialect", dialect).tag("host", h).serviceLevelObjectives(END_TO_END_BUCKETS).register(r)).record(sinceStored);
    }

    /** One reconciliation run: its outcome ({@code done}, {@code failed}), objects listed and events emitted. */
    public void reconciled(String outcome, long listed, long creates, long deletes) {
        Counter.builder("herald.reconcile.runs").description("Bucket reconciliations, by outcome").tag("outcome", outcome)
                .register(registry).increment();
        Counter.builder("herald.reconcile.listed").description("Objects listed by reconciliations").register(registry)
                .increment(listed);
        reconcileEmitted("create").increment(creates);
        reconcileEmitted("delete").increment(deletes);
    }

    private Counter reconcileEmitted(String kind) {
        return Counter.builder("herald.reconcile.emitted").description("Events reconciliations emitted, by kind")
                .tag("kind", kind).register(registry);
    }

    /** @param outcome {@code written} or {@code failed} */
    public void failureReport(String outcome) {
        Counter.builder("herald.failure.reports").description("Failure report objects written to the backend, or failed")
                .tag("outcome", outcome).register(registry).increment();
    }

    /** The meter of {@code key} (its name and tag values), built and registered the first time. */
    private <M extends Meter> M meter(Class<M> type, List<String> key, Function<MeterRegistry, M> register) {
        return type.cast(meters.computeIfAbsent(key, k -> register.apply(registry)));
    }

    /** A gauge read at each scrape; one that throws (the store failing) reads as NaN. */
    public void gauge(String name, String description, Supplier<? extends Number> value) {
        gauge(name, description, null, value);
    }

    /** @param baseUnit e.g. {@code seconds}, appended to the Prometheus name; {@code null} for none */
    public void gauge(String name, String description, String baseUnit, Supplier<? extends Number> value) {
        Gauge.builder(name, () -> read(name, value)).description(description).baseUnit(baseUnit).register(registry);
    }

    private static double read(String name, Supplier<? extends Number> value) {
        try {
            Number n = value.get();
            return n == null ? Double.NaN : n.doubleValue();
        } catch (RuntimeException e) {
            LOG.debug("gauge {} unavailable: {}", name, e.getMessage());
            return Double.NaN;
        }
    }
}
