package dev.herald.sidecar.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.Supplier;

/** Herald's meters, exposed at {@code /metrics} in the Prometheus text format. */
public final class HeraldMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    /** An event arrived and was decoded (before storage). */
    public void eventReceived(String producer) {
        Counter.builder("herald.events.received").description("Events decoded from ingest requests")
                .tag("producer", producer).register(registry).increment();
    }

    /** An event was committed to the store (duplicates are not counted). */
    /** @param outcome {@code written} or {@code failed} */
    public void failureReport(String outcome) {
        Counter.builder("herald.failure.reports").description("Failure report objects written to the backend, or failed")
                .tag("outcome", outcome).register(registry).increment();
    }

    public void eventStored(String producer) {
        Counter.builder("herald.events.stored").description("Events durably stored")
                .tag("producer", producer).register(registry).increment();
    }

    /** An event was a duplicate of one already stored and was not routed again. */
    public void eventDuplicate(String producer) {
        Counter.builder("herald.events.duplicate").description("Events dropped as duplicates of stored events")
                .tag("producer", producer).register(registry).increment();
    }

    /** An ingest request was refused; {@code reason} is a small fixed set (auth, undecodable, store, too_large). */
    public void ingestRejected(String producer, String reason) {
        Counter.builder("herald.ingest.rejected").description("Ingest requests refused")
                .tag("producer", producer).tag("reason", reason).register(registry).increment();
    }

    public void ingestAck(String producer, Duration latency) {
        Timer.builder("herald.ingest.ack").description("Time from request received to acknowledgement")
                .tag("producer", producer).publishPercentileHistogram().register(registry).record(latency);
    }

    /** A delivery attempt finished with {@code outcome} succeeded, retried or dead. */
    public void deliveryAttempt(String dialect, String host, String outcome) {
        Counter.builder("herald.deliveries").description("Delivery attempts by outcome")
                .tag("dialect", dialect).tag("host", host).tag("outcome", outcome).register(registry).increment();
    }

    public void deliveredEndToEnd(String dialect, Duration sinceStored) {
        Timer.builder("herald.delivery.latency").description("Time from event stored to successful delivery, retries included")
                .tag("dialect", dialect).publishPercentileHistogram().register(registry).record(sinceStored);
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }
}
