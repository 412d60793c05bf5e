package dev.herald.sidecar.delivery;

import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.bos.BosDialect;
import dev.herald.dialects.bos.BosSettings;
import dev.herald.dialects.ks3.Ks3Dialect;
import dev.herald.dialects.qingstor.QingStorDialect;
import dev.herald.dialects.qingstor.QingStorSettings;
import dev.herald.sidecar.config.ConfigException;
import dev.herald.sidecar.config.HeraldConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DestinationSettingsTest {
    private static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void aDestinationOverridesItsDialectWhichOverridesTheDefault() {
        DestinationSettings s = settings(delivery(Map.of("bos", new HeraldConfig.DialectDelivery(List.of(Duration.ZERO,
                        Duration.ofSeconds(7)), Duration.ofSeconds(3))),
                List.of(destination("https://hooks.example.com/", List.of(Duration.ZERO), false, null),
                        destination("https://hooks.example.com/orders/", List.of(Duration.ZERO, Duration.ofSeconds(1),
                                Duration.ofSeconds(2)), true, List.of(WHSEC)))));
        assertThat(s.retryPolicy("bos", "https://hooks.example.com/orders/1").orElseThrow().maxAttempts())
                .as("longest prefix wins").isEqualTo(3);
        assertThat(s.retryPolicy("bos", "https://hooks.example.com/other").orElseThrow().maxAttempts()).isEqualTo(1);
        assertThat(s.retryPolicy("bos", "https://elsewhere.example.com/").orElseThrow().maxAttempts()).isEqualTo(2);
        assertThat(s.retryPolicy("ks3", "https://elsewhere.example.com/").orElseThrow().maxAttempts())
                .as("the global default ladder").isEqualTo(HeraldConfig.Delivery.DEFAULT_SCHEDULE.size());
        assertThat(s.retryPolicy("qingstor", "https://elsewhere.example.com/").orElseThrow().maxAttempts())
                .as("QingStor's documented 3 early retries come first").isEqualTo(HeraldConfig.Delivery.DEFAULT_SCHEDULE.size() + 3);
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
        HeraldConfig.Destination slow = new HeraldConfig.Destination("https://hooks.example.com", null, null, 2, 5.0, null,
                new HeraldConfig.CircuitBreaker(false, null, null, null, null), null, null);
        DestinationSettings s = settings(delivery(Map.of(), List.of(slow)));
        DestinationSettings.Lane lane = s.lane("https://hooks.example.com:443");
        assertThat(lane.maxConcurrency()).isEqualTo(2);
        assertThat(lane.rateLimit()).isNotNull();
        assertThat(lane.breaker()).as("breaker disabled for this destination").isNull();
        DestinationSettings.Lane other = s.lane("http://other.example.com:80");
        assertThat(other.maxConcurrency()).isEqualTo(8);
        assertThat(other.rateLimit()).as("no limit unless configured").isNull();
        assertThat(other.breaker()).isNotNull();
    }

    @Test
    void originsAreNormalized() {
        assertThat(DestinationSettings.origin("HTTPS://Hooks.Example.com/a?b")).isEqualTo("https://hooks.example.com:443");
        assertThat(DestinationSettings.origin("http://127.0.0.1:8080/x")).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void badConfigIsRefusedWithItsKey() {
        assertThatThrownBy(() -> settings(delivery(Map.of("bso", new HeraldConfig.DialectDelivery(null, null)), List.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("delivery.dialects.bso");
        assertThatThrownBy(() -> settings(delivery(Map.of(), List.of(destination("https://x.example.com/", null, false,
                List.of("whsec_c2hvcnQ="))))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("https://x.example.com/").hasMessageContaining("5 bytes");
        assertThatThrownBy(() -> destination("ftp://x", null, false, null)).isInstanceOf(ConfigException.class);
    }

    private static HeraldConfig.Destination destination(String url, List<Duration> schedule, boolean fifo, List<String> secrets) {
        return new HeraldConfig.Destination(url, schedule, null, null, null, null, null, fifo,
                secrets == null ? null : new HeraldConfig.StandardWebhooks(secrets));
    }

    private static HeraldConfig.Delivery delivery(Map<String, HeraldConfig.DialectDelivery> dialects,
                                                  List<HeraldConfig.Destination> destinations) {
        return new HeraldConfig.Delivery(null, null, null, null, null, null, null, null, null, null, null, null, dialects,
                destinations);
    }

    private static DestinationSettings settings(HeraldConfig.Delivery delivery) {
        List<NotificationDialect> dialects = List.of(new BosDialect(new BosSettings(null, Map.of(), null)), new Ks3Dialect(),
                new QingStorDialect(QingStorSettings.defaults()));
        return new DestinationSettings(delivery, dialects, Clock.systemUTC(), RandomGenerator.getDefault());
    }
}
