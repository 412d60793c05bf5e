package dev.herald.sidecar.delivery;

import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.bos.BosDialect;
import dev.herald.dialects.bos.BosSettings;
import dev.herald.dialects.ks3.Ks3Dialect;
import dev.herald.dialects.qingstor.QingStorDialect;
import dev.herald.dialects.qingstor.QingStorSettings;
import dev.herald.sidecar.config.ConfigException;
import dev.herald.sidecar.config.DeliveryConfig;
import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.testing.TestConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DestinationSettingsTest {
    @Test
    void aDestinationOverridesItsDialectWhichOverridesTheDefault() {
        DestinationSettings s = settings("""
                dialects:
                  bos: { retrySchedule: [0s, 7s], requestTimeout: 3s }
                destinations:
                  - { url: "https://hooks.example.com/", retrySchedule: [0s] }
                  - url: "https://hooks.example.com/orders/"
                    retrySchedule: [0s, 1s, 2s]
                    fifo: true
                    standardWebhooks: { secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"] }""");
        assertThat(s.retryPolicy("bos", "https://hooks.example.com/orders/1").orElseThrow().maxAttempts())
                .as("longest prefix wins").isEqualTo(3);
        assertThat(s.retryPolicy("bos", "https://hooks.example.com/other").orElseThrow().maxAttempts()).isEqualTo(1);
        assertThat(s.retryPolicy("bos", "https://elsewhere.example.com/").orElseThrow().maxAttempts()).isEqualTo(2);
        assertThat(s.retryPolicy("ks3", "https://elsewhere.example.com/").orElseThrow().maxAttempts())
                .as("the global default ladder").isEqualTo(DeliveryConfig.DEFAULT_SCHEDULE.size());
        assertThat(s.retryPolicy("qingstor", "https://elsewhere.example.com/").orElseThrow().maxAttempts())
                .as("QingStor's documented 3 early retries come first").isEqualTo(DeliveryConfig.DEFAULT_SCHEDULE.size() + 3);
        assertThat(s.retryPolicy("nope", "https://elsewhere.example.com/")).isEmpty();
        assertThat(s.requestTimeout("bos", "https://elsewhere.example.com/")).contains(Duration.ofSeconds(3));
        assertThat(s.requestTimeout("qingstor", "https://elsewhere.example.com/")).contains(Duration.ofSeconds(5));
        assertThat(s.requestTimeout("ks3", "https://elsewhere.example.com/")).isEmpty();
        assertThat(s.fifo("https://hooks.example.com/orders/1")).isTrue();
        assertThat(s.fifo("https://hooks.example.com/other")).isFalse();
        assertThat(s.standardWebhooks("https://hooks.example.com/orders/1")).isPresent();
        assertThat(s.standardWebhooks("https://hooks.example.com/other")).isEmpty();
    }

    @Test
    void laneSettingsComeFromTheEntryOfTheOrigin() {
        DestinationSettings s = settings("""
                destinations:
                  - { url: "https://hooks.example.com", maxConcurrency: 2, rateLimit: 5, circuitBreaker: { enabled: false } }""");
        DestinationSettings.LaneSettings lane = s.lane("https://hooks.example.com:443");
        assertThat(lane.maxConcurrency()).isEqualTo(2);
        assertThat(lane.rateLimit()).isNotNull();
        assertThat(lane.breaker()).as("breaker disabled for this destination").isNull();
        DestinationSettings.LaneSettings other = s.lane("http://other.example.com:80");
        assertThat(other.maxConcurrency()).isEqualTo(8);
        assertThat(other.rateLimit()).as("no limit unless configured").isNull();
        assertThat(other.breaker()).isNotNull();
    }

    @Test
    void originsAreNormalized() {
        assertThat(Delivery.originOf("HTTPS://Hooks.Example.com/a?b")).isEqualTo("https://hooks.example.com:443");
        assertThat(Delivery.originOf("http://127.0.0.1:8080/x")).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void badConfigIsRefusedWithItsKey() {
        assertThatThrownBy(() -> settings("dialects: { bso: {} }"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("delivery.dialects.bso");
        assertThatThrownBy(() -> settings("destinations: [ { url: \"https://x.example.com/\", "
                + "standardWebhooks: { secrets: [\"whsec_c2hvcnQ=\"] } } ]"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("https://x.example.com/").hasMessageContaining("5 bytes");
        assertThatThrownBy(() -> settings("destinations: [ { url: \"ftp://x\" } ]")).isInstanceOf(ConfigException.class);
    }

    private static DestinationSettings settings(String deliveryYaml) {
        List<NotificationDialect> dialects = List.of(new BosDialect(new BosSettings(null, Map.of(), null)), new Ks3Dialect(),
                new QingStorDialect(QingStorSettings.defaults()));
        return new DestinationSettings(TestConfig.delivery(deliveryYaml), dialects, Clock.systemUTC(), System::nanoTime,
                RandomGenerator.getDefault());
    }
}
