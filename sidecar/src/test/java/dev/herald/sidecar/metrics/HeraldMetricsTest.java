package dev.herald.sidecar.metrics;

import dev.herald.dialects.IngestRefusal;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What Prometheus scrapes for each meter: names, labels, histogram buckets. */
class HeraldMetricsTest {
    final HeraldMetrics metrics = new HeraldMetrics();

    @Test
    void everyRefusalReasonOfEveryIngestRouteIsThereFromTheStart() {
        String scrape = metrics.scrape();
        for (String producer : HeraldMetrics.INGEST_PRODUCERS) {
            for (IngestRefusal reason : IngestRefusal.values()) {
                assertThat(scrape).contains("herald_ingest_rejected_total{producer=\"" + producer + "\",reason=\"" + reason.label()
                        + "\"} 0.0");
            }
        }
        metrics.ingestRejected("minio", IngestRefusal.TOO_LARGE);
        assertThat(metrics.scrape()).contains("herald_ingest_rejected_total{producer=\"minio\",reason=\"too_large\"} 1.0");
    }

    @Test
    void ingestAckIsAHistogramWithBuckets() {
        metrics.ingestAck("minio", Duration.ofMillis(3));
        String scrape = metrics.scrape();
        assertThat(scrape).contains("# TYPE herald_ingest_ack_seconds histogram")
                .contains("herald_ingest_ack_seconds_bucket{producer=\"minio\",le=\"0.001\"} 0")
                .contains("herald_ingest_ack_seconds_bucket{producer=\"minio\",le=\"+Inf\"} 1")
                .contains("herald_ingest_ack_seconds_count{producer=\"minio\"} 1")
                .contains("herald_ingest_ack_seconds_sum{producer=\"minio\"} 0.003");
        assertThat(scrape.lines().filter(l -> l.startsWith("herald_ingest_ack_seconds_bucket{producer=\"minio\"")).count())
                .isGreaterThan(20);
    }

    @Test
    void endToEndLatencyIsAHistogramByDialectAndHost() {
        metrics.deliveredEndToEnd("bos", "receiver.example.com", Duration.ofMillis(40));
        metrics.deliveredEndToEnd("bos", "receiver.example.com", Duration.ofMinutes(6));
        metrics.deliveredEndToEnd("ks3", null, Duration.ofHours(30));
        String scrape = metrics.scrape();
        String bos = "herald_delivery_latency_seconds_bucket{dialect=\"bos\",host=\"receiver.example.com\",le=";
        assertThat(scrape).contains("# TYPE herald_delivery_latency_seconds histogram")
                .contains(bos + "\"0.025\"} 0").contains(bos + "\"0.05\"} 1").contains(bos + "\"300.0\"} 1")
                .contains(bos + "\"900.0\"} 2").contains(bos + "\"172800.0\"} 2").contains(bos + "\"+Inf\"} 2")
                .contains("herald_delivery_latency_seconds_count{dialect=\"bos\",host=\"receiver.example.com\"} 2")
                .contains("herald_delivery_latency_seconds_bucket{dialect=\"ks3\",host=\"unknown\",le=\"86400.0\"} 0")
                .contains("herald_delivery_latency_seconds_bucket{dialect=\"ks3\",host=\"unknown\",le=\"172800.0\"} 1");
        assertThat(scrape.lines().filter(l -> l.startsWith(bos)).count()).as("22 buckets and +Inf").isEqualTo(23);
    }

    @SuppressWarnings("removal")
    @Test
    void deliveriesAreCountedByDialectHostAndOutcome() {
        metrics.deliveryAttempt("bos", "receiver.example.com", "retried");
        metrics.deliveryAttempt("bos", "receiver.example.com", "retried");
        metrics.deliveryAttempt("bos", "receiver.example.com", "succeeded");
        assertThat(metrics.scrape())
                .contains("herald_deliveries_total{dialect=\"bos\",host=\"receiver.example.com\",outcome=\"retried\"} 2.0")
                .contains("herald_deliveries_total{dialect=\"bos\",host=\"receiver.example.com\",outcome=\"succeeded\"} 1.0");
    }

    @Test
    void aGaugeThatCannotBeReadIsNaNAndTheScrapeStillWorks() {
        metrics.gauge("herald.test.failing", "fails", () -> {
            throw new IllegalStateException("store read failed");
        });
        metrics.gauge("herald.test.age", "an age", "seconds", () -> 1.5);
        assertThat(metrics.scrape()).contains("herald_test_failing NaN").contains("herald_test_age_seconds 1.5");
    }
}
