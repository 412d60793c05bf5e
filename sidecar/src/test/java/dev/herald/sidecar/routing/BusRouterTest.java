package dev.herald.sidecar.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.Producer;
import dev.herald.dialects.TargetPolicy;
import dev.herald.sidecar.config.ConfigException;
import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.net.TargetGuard;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BusRouterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HeraldConfig.Bus bus(String id, List<String> buckets, String pattern, String url, String mode) throws Exception {
        return new HeraldConfig.Bus(id, "bus " + id, buckets, List.of(new HeraldConfig.BusRule("r1",
                JSON.readTree(pattern), List.of(new HeraldConfig.BusTarget(url, mode)))));
    }

    private static ObjectEvent put(String bucket, String key) {
        return new ObjectEvent("minio:1", Producer.MINIO, "ObjectCreated:Put", Instant.parse("2026-11-23T10:00:00Z"), bucket,
                key, 3L, "abc", "image/png", null, "1", "minioadmin", "127.0.0.1", "req", "minioadmin", null, Map.of());
    }

    @Test
    void objectEventsGoOnlyToTheBusesTheirBucketPublishesTo() throws Exception {
        BusRouter router = new BusRouter(List.of(
                bus("eb-a", List.of("photos"), "{\"subject\":[{\"prefix\":\"img/\"}]}", "http://127.0.0.1:9/a", "binary"),
                bus("eb-b", List.of("docs"), "{}", "http://127.0.0.1:9/b", null)), TargetPolicy.ALLOW_ALL);
        List<OutboundPush> pushes = router.route(put("photos", "img/a b.png"), Instant.parse("2026-11-23T10:00:01Z"));
        assertThat(pushes).singleElement().satisfies(p -> {
            assertThat(p.targetUrl()).isEqualTo("http://127.0.0.1:9/a");
            assertThat(p.headers()).containsEntry("ce-type", "com.amazonaws.s3.ObjectCreated:Put");
            assertThat(p.dialect()).isEqualTo("eventbus");
        });
        assertThat(router.route(put("photos", "other/a.png"), Instant.now())).as("pattern does not match").isEmpty();
        assertThat(router.route(put("music", "img/a.png"), Instant.now())).as("bucket on no bus").isEmpty();
        assertThat(router.route(put("docs", "x"), Instant.now())).singleElement()
                .satisfies(p -> assertThat(p.contentType()).startsWith("application/cloudevents+json"));
        assertThat(router.find("eb-b")).hasValueSatisfying(b -> assertThat(b.name()).isEqualTo("bus eb-b"));
        assertThat(router.find("eb-x")).isEmpty();
    }

    @Test
    void configMistakesStopHeraldWithTheRuleNamed() throws Exception {
        assertThatThrownBy(() -> new BusRouter(List.of(bus("eb-a", List.of(), "{\"colour\":[\"red\"]}", "http://h.example/", null)),
                TargetPolicy.ALLOW_ALL)).isInstanceOf(ConfigException.class).hasMessageContaining("bus eb-a rule r1: bad pattern");
        assertThatThrownBy(() -> new BusRouter(List.of(bus("eb-a", List.of(), "{}", "ftp://h.example/", null)),
                TargetPolicy.ALLOW_ALL)).isInstanceOf(ConfigException.class).hasMessageContaining("absolute http(s) URL");
        assertThatThrownBy(() -> new BusRouter(List.of(bus("eb-a", List.of(), "{}", "http://127.0.0.1:9/", null)),
                new TargetGuard(false))).isInstanceOf(ConfigException.class).hasMessageContaining("refused");
        assertThatThrownBy(() -> new BusRouter(List.of(bus("eb-a", List.of(), "{}", "http://h.example/", null),
                bus("eb-a", List.of(), "{}", "http://h.example/", null)), TargetPolicy.ALLOW_ALL))
                .isInstanceOf(ConfigException.class).hasMessageContaining("declared twice");
        assertThatThrownBy(() -> bus("eb-a", List.of(), "{}", "http://h.example/", "batched"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("structured or binary");
    }
}
