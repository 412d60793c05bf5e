package dev.herald.sidecar.config;

/**
 * {@code tracing}: OpenTelemetry traces of each event from ingest through every delivery attempt
 * (a part of {@link HeraldConfig}). The exporter itself is configured by the standard
 * {@code OTEL_*} variables; setting {@code OTEL_TRACES_EXPORTER} or
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} turns tracing on as well.
 *
 * @param enabled   trace even when no {@code OTEL_*} variable asks for it (OTLP to localhost:4318 then)
 * @param propagate send a W3C {@code traceparent} header with every push, naming the attempt's span
 */
public record TracingConfig(Boolean enabled, Boolean propagate) {
    public TracingConfig {
        enabled = enabled != null && enabled;
        propagate = propagate != null && propagate;
    }
}
