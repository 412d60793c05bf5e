package dev.herald.sidecar.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.FailureReports;
import dev.herald.dialects.NotificationDialect;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.store.HeraldStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes the dead deliveries of rules that ask for a failure report (KS3 {@code Report}) to the
 * backend, one JSON Lines object per source bucket and rule each period:
 * {@code {Report.Prefix}{bucket}-{RuleId}-{yyyyMMdd'T'HHmmssSSS'Z'}.jsonl}.
 *
 * <p>Lines are marked reported only after the object is written. A failed write is logged,
 * counted ({@code herald_failure_reports_total{outcome="failed"}}) and retried after
 * {@link #RETRY_DELAY} (or the period, if shorter); nothing is dropped.
 */
public final class FailureReportWriter implements AutoCloseable {
    static final Duration RETRY_DELAY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(FailureReportWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter OBJECT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    /** Writes one report object; throws when it could not. */
    @FunctionalInterface
    public interface ObjectSink {
        void put(String bucket, String key, byte[] body, String contentType);
    }

    private final HeraldStore store;
    private final ObjectSink sink;
    private final Map<String, FailureReports> dialects = new LinkedHashMap<>();
    private final Clock clock;
    private final HeraldMetrics metrics;
    private final Duration period;
    private final ScheduledExecutorService timer;

    public FailureReportWriter(HeraldStore store, ObjectSink sink, Iterable<NotificationDialect> dialects, Clock clock,
                               HeraldMetrics metrics, Duration period) {
        this.store = store;
        this.sink = sink;
        dialects.forEach(d -> {
            if (d instanceof FailureReports f) {
                this.dialects.put(d.id(), f);
            }
        });
        this.clock = clock;
        this.metrics = metrics;
        this.period = period;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("herald-failure-reports")
                .daemon(true).factory());
        metrics.gauge("herald.failure.reports.pending", "Dead deliveries waiting to be written to a failure report",
                this::pendingCount);
    }

    public void start() {
        timer.schedule(this::runAndReschedule, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runAndReschedule() {
        boolean ok = writePending();
        Duration next = ok ? period : (period.compareTo(RETRY_DELAY) < 0 ? period : RETRY_DELAY);
        if (!timer.isShutdown()) {
            timer.schedule(this::runAndReschedule, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Writes every pending report now; true when all were written. */
    public boolean writePending() {
        List<Line> lines;
        try {
            lines = store.read(FailureReportWriter::pending);
        } catch (RuntimeException e) {
            LOG.warn("cannot read pending failure reports: {}", e.getMessage());
            return false;
        }
        Map<Group, List<Line>> groups = new LinkedHashMap<>();
        lines.forEach(l -> groups.computeIfAbsent(l.group(), g -> new ArrayList<>()).add(l));
        boolean allWritten = true;
        for (Map.Entry<Group, List<Line>> e : groups.entrySet()) {
            allWritten &= write(e.getKey(), e.getValue());
        }
        return allWritten;
    }

    private boolean write(Group group, List<Line> lines) {
        String key = group.reportPrefix() + group.bucket() + "-" + group.ruleId() + "-" + OBJECT_TIME.format(clock.instant())
                + ".jsonl";
        StringBuilder body = new StringBuilder();
        lines.forEach(l -> body.append(l.json(dialects.get(l.dialect()))).append('\n'));
        try {
            sink.put(group.reportBucket(), key, body.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
        } catch (RuntimeException e) {
            metrics.failureReport("failed");
            LOG.warn("failure report {}/{} ({} lines) not written, retrying later: {}", group.reportBucket(), key,
                    lines.size(), e.getMessage());
            return false;
        }
        long now = clock.millis();
        store.writer().execute(c -> markReported(c, lines, now));
        metrics.failureReport("written");
        LOG.info("failure report {}/{} written with {} lines", group.reportBucket(), key, lines.size());
        return true;
    }

    private long pendingCount() {
        return store.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT count(*) FROM dead_letters WHERE report_bucket IS NOT NULL AND reported_at IS NULL")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    private static List<Line> pending(Connection c) throws SQLException {
        List<Line> lines = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT d.id, d.dialect, d.bucket, d.rule_id, d.vendor_event_id, d.target_url, d.method, d.attempts,
                       d.died_at, d.last_status, d.last_error, d.report_bucket, d.report_prefix,
                       e.event_name, e.object_key
                FROM dead_letters d LEFT JOIN events e ON e.id = d.event_id
                WHERE d.report_bucket IS NOT NULL AND d.reported_at IS NULL
                ORDER BY d.died_at, d.id""")) {
            while (rs.next()) {
                Number status = (Number) rs.getObject("last_status");
                lines.add(new Line(rs.getString("id"), rs.getString("dialect"),
                        new Group(rs.getString("report_bucket"), Objects.requireNonNullElse(rs.getString("report_prefix"), ""),
                                rs.getString("bucket"), rs.getString("rule_id")),
                        rs.getString("vendor_event_id"), rs.getString("event_name"), rs.getString("object_key"),
                        rs.getString("target_url"), rs.getString("method"), rs.getInt("attempts"), rs.getLong("died_at"),
                        status == null ? null : status.intValue(), rs.getString("last_error")));
            }
        }
        return lines;
    }

    private static Integer markReported(Connection c, List<Line> lines, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE dead_letters SET reported_at = ? WHERE id = ?")) {
            for (Line l : lines) {
                ps.setLong(1, now);
                ps.setString(2, l.deliveryId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return lines.size();
    }

    private record Group(String reportBucket, String reportPrefix, String bucket, String ruleId) {
    }

    private record Line(String deliveryId, String dialect, Group group, String eventId, String eventName, String key,
                        String callback, String method, int attempts, long diedAt, Integer lastStatus, String lastError) {
        String json(FailureReports naming) {
            ObjectNode n = JSON.createObjectNode();
            n.put("time", Instant.ofEpochMilli(diedAt).toString());
            n.put("rule", group.ruleId());
            n.put("event", eventName == null || naming == null ? eventName : naming.reportedEventName(eventName));
            n.put("eventId", eventId);
            n.put("bucket", group.bucket());
            n.put("key", key);
            n.put("callback", callback);
            n.put("method", method);
            n.put("attempts", attempts);
            if (lastStatus != null) {
                n.put("lastStatus", lastStatus);
            } else {
                n.putNull("lastStatus");
            }
            n.put("lastError", lastError);
            n.put("deliveryId", deliveryId);
            return n.toString();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
