package dev.herald.sidecar.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link Tracing} on the OpenTelemetry SDK. Span and attribute names follow the OpenTelemetry
 * semantic conventions where one exists ({@code aws.s3.bucket}, {@code http.request.method},
 * {@code url.full}, {@code http.response.status_code}, {@code error.type}); Herald's own are
 * prefixed {@code herald.}.
 */
public final class OtelTracing implements Tracing {
    private static final String TRACEPARENT = "traceparent";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final boolean propagate;
    private final AutoCloseable sdk;

    /** @param sdk closed (flushing what is buffered) with this; {@code null} when the caller owns it */
    public OtelTracing(OpenTelemetry openTelemetry, boolean propagate, AutoCloseable sdk) {
        this.tracer = openTelemetry.getTracer("dev.herald.sidecar");
        this.propagate = propagate;
        this.sdk = sdk;
    }

    /**
     * {@link Tracing#OFF} unless {@code enabled} or the environment names an exporter
     * ({@code OTEL_TRACES_EXPORTER} other than {@code none}, or {@code OTEL_EXPORTER_OTLP_ENDPOINT});
     * then the SDK as the {@code OTEL_*} variables configure it, exporting traces only, with the
     * service name {@code herald} unless {@code OTEL_SERVICE_NAME} says otherwise.
     */
    public static Tracing configured(boolean enabled, boolean propagate, Map<String, String> env) {
        String exporter = env.get("OTEL_TRACES_EXPORTER");
        boolean asked = exporter != null && !exporter.isBlank() && !exporter.trim().equals("none")
                || env.get("OTEL_EXPORTER_OTLP_ENDPOINT") != null || env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != null;
        if (!enabled && !asked) {
            return OFF;
        }
        // Defaults only: OTEL_* variables and otel.* system properties take precedence over them.
        // OTLP over HTTP/protobuf: the JDK's HttpClient sends it; gRPC would need another sender.
        var sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of("otel.service.name", "herald", "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none", "otel.exporter.otlp.protocol", "http/protobuf"))
                .build().getOpenTelemetrySdk();
        return new OtelTracing(sdk, propagate, sdk);
    }

    @Override
    public IngestSpan ingest(String producer, String bucket, String key, String eventName, String eventId,
                             String requestId) {
        Span span = tracer.spanBuilder("ingest " + producer).setSpanKind(SpanKind.CONSUMER).setNoParent()
                .setAttribute("herald.producer", producer)
                .setAttribute("aws.s3.bucket", bucket)
                .setAttribute("aws.s3.key", key)
                .setAttribute("herald.event.name", eventName)
                .setAttribute("herald.event.id", eventId)
                .startSpan();
        if (requestId != null && !requestId.isEmpty()) {
            span.setAttribute("aws.request_id", requestId);
        }
        return new IngestSpan() {
            @Override
            public String context() {
                return traceparent(span);
            }

            @Override
            public void stored(int deliveries, boolean duplicate) {
                span.setAttribute("herald.deliveries", deliveries);
                span.setAttribute("herald.duplicate", duplicate);
                span.end();
            }

            @Override
            public void failed(Throwable cause) {
                span.recordException(cause);
                span.setStatus(StatusCode.ERROR, "not stored: " + cause.getMessage());
                span.end();
            }
        };
    }

    @Override
    public AttemptSpan attempt(Supplier<String> storedContext, String deliveryId, String method, String url, int number) {
        String stored;
        try {
            stored = storedContext.get();
        } catch (RuntimeException unreadable) {
            stored = null; // a store that cannot be read now must not stop the attempt: the span starts a trace of its own
        }
        Context parent = stored == null ? Context.root() : W3C.extract(Context.root(), Map.of(TRACEPARENT, stored), MAP);
        URI target = URI.create(url);
        int port = target.getPort() != -1 ? target.getPort() : "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
        Span span = tracer.spanBuilder("delivery attempt").setSpanKind(SpanKind.CLIENT).setParent(parent)
                .setAttribute("herald.delivery.id", deliveryId)
                .setAttribute("herald.attempt", number)
                .setAttribute("herald.retry", number - 1)
                .setAttribute("http.request.method", method)
                // Without user info and query: receivers' URLs may carry secrets there.
                .setAttribute("url.full", withoutSecrets(target))
                .setAttribute("server.address", target.getHost())
                .setAttribute("server.port", port)
                .startSpan();
        return new AttemptSpan() {
            @Override
            public String traceparent() {
                return OtelTracing.traceparent(span);
            }

            @Override
            public void end(Integer status, String error, String outcome) {
                if (status != null) {
                    span.setAttribute("http.response.status_code", status);
                }
                span.setAttribute("herald.outcome", outcome);
                if (error != null) {
                    span.setAttribute("error.type", status != null ? String.valueOf(status) : "not_sent");
                    span.setStatus(StatusCode.ERROR, error);
                }
                span.end();
            }
        };
    }

    @Override
    public boolean propagates() {
        return propagate;
    }

    private static String traceparent(Span span) {
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(Context.root().with(span), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    private static String withoutSecrets(URI u) {
        String authority = u.getRawAuthority() == null ? "" : u.getRawAuthority();
        return u.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1)
                + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    @Override
    public void close() {
        if (sdk != null) {
            try {
                sdk.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot flush the traces: " + e.getMessage(), e);
            }
        }
    }
}
