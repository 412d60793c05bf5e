package dev.herald.sidecar.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.FailureReports;
import dev.herald.dialects.NotificationDialect;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.storage.DeadLetterStore;
import dev.herald.sidecar.storage.DeadLetterStore.ReportLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final DeadLetterStore deadLetters;
    private final ObjectSink sink;
    private final Map<String, FailureReports> dialects = new LinkedHashMap<>();
    private final Clock clock;
    private final HeraldMetrics metrics;
    private final Duration period;
    private final ScheduledExecutorService timer;

    public FailureReportWriter(DeadLetterStore deadLetters, ObjectSink sink, Iterable<NotificationDialect> dialects, Clock clock,
                               HeraldMetrics metrics, Duration period) {
        this.deadLetters = deadLetters;
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
                deadLetters::unreportedCount);
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
        try {
            return deadLetters.withUnreported(this::write);
        } catch (RuntimeException e) {
            LOG.warn("cannot read pending failure reports: {}", e.getMessage());
            return false;
        }
    }

    private boolean write(List<ReportLine> lines) {
        Map<Group, List<ReportLine>> groups = new LinkedHashMap<>();
        lines.forEach(l -> groups.computeIfAbsent(Group.of(l), g -> new ArrayList<>()).add(l));
        boolean allWritten = true;
        for (Map.Entry<Group, List<ReportLine>> e : groups.entrySet()) {
            allWritten &= write(e.getKey(), e.getValue());
        }
        return allWritten;
    }

    private boolean write(Group group, List<ReportLine> lines) {
        String key = group.reportPrefix() + group.bucket() + "-" + group.ruleId() + "-" + OBJECT_TIME.format(clock.instant())
                + ".jsonl";
        StringBuilder body = new StringBuilder();
        lines.forEach(l -> body.append(json(l, dialects.get(l.letter().dialect()))).append('\n'));
        try {
            sink.put(group.reportBucket(), key, body.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
        } catch (RuntimeException e) {
            metrics.failureReport("failed");
            LOG.warn("failure report {}/{} ({} lines) not written, retrying later: {}", group.reportBucket(), key,
                    lines.size(), e.getMessage());
            return false;
        }
        long now = clock.millis();
        deadLetters.markReported(lines.stream().map(l -> l.letter().id()).toList(), now);
        metrics.failureReport("written");
        LOG.info("failure report {}/{} written with {} lines", group.reportBucket(), key, lines.size());
        return true;
    }

    private record Group(String reportBucket, String reportPrefix, String bucket, String ruleId) {
        static Group of(ReportLine l) {
            return new Group(l.reportBucket(), l.reportPrefix(), l.letter().bucket(), l.letter().ruleId());
        }
    }

    private static String json(ReportLine l, FailureReports naming) {
        DeadLetterStore.DeadLetter d = l.letter();
        ObjectNode n = JSON.createObjectNode();
        n.put("time", Instant.ofEpochMilli(d.diedAt()).toString());
        n.put("rule", d.ruleId());
        n.put("event", l.eventName() == null || naming == null ? l.eventName() : naming.reportedEventName(l.eventName()));
        n.put("eventId", d.eventId());
        n.put("bucket", d.bucket());
        n.put("key", l.key());
        n.put("callback", d.targetUrl());
        n.put("method", d.method());
        n.put("attempts", d.attempts());
        if (d.lastStatus() != null) {
            n.put("lastStatus", d.lastStatus());
        } else {
            n.putNull("lastStatus");
        }
        n.put("lastError", d.lastError());
        n.put("deliveryId", d.id());
        return n.toString();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
