package dev.herald.sidecar.tracing;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tracing is off, with no SDK started, unless the config or an {@code OTEL_*} variable asks for it. */
class OtelTracingTest {
    @Test
    void offWithoutConfigOrExporterVariables() {
        assertThat(OtelTracing.configured(false, true, Map.of())).isSameAs(Tracing.OFF);
        assertThat(OtelTracing.configured(false, false, Map.of("OTEL_TRACES_EXPORTER", "none",
                "OTEL_SERVICE_NAME", "x"))).isSameAs(Tracing.OFF);
        assertThat(Tracing.OFF.ingest("minio", "b", "k", "ObjectCreated:Put", "id", "req").context()).isNull();
        assertThat(Tracing.OFF.attempt(() -> {
            throw new AssertionError("no stored context is read while tracing is off");
        }, "d", "POST", "http://h/", 1).traceparent()).isNull();
    }

    @Test
    void onWhenAnExporterIsNamedOrTheConfigSaysSo() {
        for (Map<String, String> env : new Map[] {Map.of("OTEL_TRACES_EXPORTER", "otlp"),
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"), Map.of()}) {
            try (Tracing t = OtelTracing.configured(env.isEmpty(), false, env)) {
                assertThat(t).as(env.toString()).isInstanceOf(OtelTracing.class);
                assertThat(t.ingest("ceph", "b", "k", "ObjectCreated:Put", "id", null).context())
                        .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]");
            }
        }
    }
}
