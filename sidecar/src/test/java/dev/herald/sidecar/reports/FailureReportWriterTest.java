package dev.herald.sidecar.reports;

import dev.herald.dialects.FailureReports;
import dev.herald.dialects.FailureReports.ReportTarget;
import dev.herald.dialects.OutboundPush;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.storage.Attempt;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.RoutedEvent;
import dev.herald.sidecar.storage.sqlite.SqliteStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FailureReportWriterTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;
    SqliteStorage store;
    final HeraldMetrics metrics = new HeraldMetrics();
    final List<String> written = new ArrayList<>();
    boolean backendDown;

    @BeforeEach
    void open() {
        store = SqliteStorage.open(dir, 64, Duration.ofDays(7), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void deadDeliveriesOfAReportingRuleBecomeOneJsonLinesObjectPerRule() {
        dead("d1", "ev1", "photos", "r1", "a b+c.jpg", new ReportTarget("reports", "failed/"), 500, null);
        dead("d2", "ev2", "photos", "r1", "x.jpg", new ReportTarget("reports", "failed/"), null, "connection refused");
        dead("d3", "ev3", "photos", "r2", "y.jpg", new ReportTarget("reports", ""), 404, null);
        dead("d4", "ev4", "photos", "r3", "z.jpg", null, 500, null);

        FailureReportWriter writer = writer();
        assertThat(writer.writePending()).isTrue();

        assertThat(written).containsExactly(
                "reports/failed/photos-r1-20261123T120000000Z.jsonl\n"
                        + "{\"time\":\"2026-11-23T12:00:00Z\",\"rule\":\"r1\",\"event\":\"vendor:ObjectCreated:Put\",\"eventId\":\"ve-ev1\","
                        + "\"bucket\":\"photos\",\"key\":\"a b+c.jpg\",\"callback\":\"http://cb.example/hook?ak=1\",\"method\":\"PUT\","
                        + "\"attempts\":8,\"lastStatus\":500,\"lastError\":null,\"deliveryId\":\"d1\"}\n"
                        + "{\"time\":\"2026-11-23T12:00:00Z\",\"rule\":\"r1\",\"event\":\"vendor:ObjectCreated:Put\",\"eventId\":\"ve-ev2\","
                        + "\"bucket\":\"photos\",\"key\":\"x.jpg\",\"callback\":\"http://cb.example/hook?ak=1\",\"method\":\"PUT\","
                        + "\"attempts\":8,\"lastStatus\":null,\"lastError\":\"connection refused\",\"deliveryId\":\"d2\"}\n",
                "reports/photos-r2-20261123T120000000Z.jsonl\n"
                        + "{\"time\":\"2026-11-23T12:00:00Z\",\"rule\":\"r2\",\"event\":\"vendor:ObjectCreated:Put\",\"eventId\":\"ve-ev3\","
                        + "\"bucket\":\"photos\",\"key\":\"y.jpg\",\"callback\":\"http://cb.example/hook?ak=1\",\"method\":\"PUT\","
                        + "\"attempts\":8,\"lastStatus\":404,\"lastError\":null,\"deliveryId\":\"d3\"}\n");
        written.clear();
        assertThat(writer.writePending()).as("nothing left").isTrue();
        assertThat(written).isEmpty();
    }

    @Test
    void aReportThatCannotBeWrittenIsKeptCountedAndWrittenLater() {
        dead("d1", "ev1", "photos", "r1", "k.jpg", new ReportTarget("reports", ""), 500, null);
        FailureReportWriter writer = writer();
        backendDown = true;
        assertThat(writer.writePending()).isFalse();
        assertThat(writer.writePending()).isFalse();
        assertThat(metrics.scrape()).contains("herald_failure_reports_total{outcome=\"failed\"} 2.0")
                .contains("herald_failure_reports_pending 1.0");
        backendDown = false;
        assertThat(writer.writePending()).isTrue();
        assertThat(written).hasSize(1);
        assertThat(metrics.scrape()).contains("herald_failure_reports_total{outcome=\"written\"} 1.0")
                .contains("herald_failure_reports_pending 0.0");
    }

    private FailureReportWriter writer() {
        return new FailureReportWriter(store.deadLetters(), (bucket, key, body, type) -> {
            if (backendDown) {
                throw new IllegalStateException("backend down");
            }
            assertThat(type).isEqualTo("application/x-ndjson");
            written.add(bucket + "/" + key + "\n" + new String(body, StandardCharsets.UTF_8));
        }, List.of(new VendorDialect()), Clock.fixed(NOW, ZoneOffset.UTC), metrics, Duration.ofDays(1));
    }

    private void dead(String deliveryId, String eventId, String bucket, String ruleId, String key, ReportTarget target,
                      Integer status, String error) {
        long now = NOW.toEpochMilli();
        Delivery delivery = Delivery.fresh(eventId, new OutboundPush(deliveryId, "vendor", bucket, ruleId,
                "http://cb.example/hook?ak=1", "PUT", "application/json", new byte[] {1}, null, "ve-" + eventId), null, now);
        List<RoutedEvent> logged = store.events().append(List.of(new RoutedEvent(eventId, "minio", bucket, key,
                "ObjectCreated:Put", "", List.of(delivery), List.of())));
        store.deliveries().deadLetter(logged.getFirst().deliveries().getFirst(), new Attempt(8, now, 5, status, error, -1), now,
                target).join();
    }

    /** Only its naming matters here. */
    private static final class VendorDialect implements dev.herald.dialects.NotificationDialect, FailureReports {
        @Override
        public String id() {
            return "vendor";
        }

        @Override
        public dev.herald.dialects.CompiledRules compile(String bucket, String storedRulesJson) {
            return dev.herald.dialects.CompiledRules.NONE;
        }

        @Override
        public java.util.Map<String, String> pushHeaders(OutboundPush push, Instant now) {
            return java.util.Map.of();
        }

        @Override
        public boolean isSuccess(int status) {
            return status == 200;
        }

        @Override
        public java.util.Optional<ReportTarget> reportTarget(String storedRulesJson, String ruleId) {
            return java.util.Optional.empty();
        }

        @Override
        public String reportedEventName(String canonicalName) {
            return "vendor:" + canonicalName;
        }
    }
}
