package dev.herald.sidecar.cloudfunc;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.herald.adapter.backend.BackendUnavailableException;
import dev.herald.adapter.backend.ObjectTooLargeException;
import dev.herald.adapter.backend.S3Backend;
import dev.herald.dialects.CompiledRules;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.qingstor.CloudfuncJob;
import dev.herald.dialects.qingstor.CloudfuncOutcome;
import dev.herald.dialects.qingstor.CompiledQingStorRules;
import dev.herald.dialects.qingstor.QingStorCloudfunc;
import dev.herald.dialects.qingstor.QingStorDialect;
import dev.herald.dialects.qingstor.QingStorImageException;
import dev.herald.dialects.qingstor.QingStorImageProcessor;
import dev.herald.dialects.qingstor.QingStorImageResult;
import dev.herald.sidecar.delivery.DeliveryEngine;
import dev.herald.sidecar.delivery.DeliveryStore;
import dev.herald.sidecar.delivery.ScheduledDelivery;
import dev.herald.sidecar.ingest.EventIngest;
import dev.herald.sidecar.rules.RuleStore;
import dev.herald.sidecar.store.HeraldStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs QingStor {@code image} and {@code tupu-porn} cloudfuncs. A job is stored with its event in
 * the ingest transaction ({@link #insertJobs}), so an acknowledged event's job survives a restart;
 * one worker runs due jobs, and the result post is stored as an ordinary delivery in the same
 * transaction that removes the job.
 *
 * <p>Backend or moderation-service outages are retried ({@link #RETRY_WAITS}); then, like a bad
 * image or a too-large object, the job ends as a failure event posted to {@code notify_url}.
 */
public final class CloudfuncRunner implements AutoCloseable {
    static final List<Duration> RETRY_WAITS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2),
            Duration.ofMinutes(10), Duration.ofMinutes(30));
    private static final Logger LOG = LoggerFactory.getLogger(CloudfuncRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Duration PRESIGN_VALIDITY = Duration.ofHours(1);

    private final HeraldStore store;
    private final RuleStore rules;
    private final QingStorDialect dialect;
    private final S3Backend backend;
    private final DeliveryEngine engine;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean closed;
    private Thread worker;

    /** @param backend the S3 backend, or {@code null}: then every job fails with a message saying so */
    public CloudfuncRunner(HeraldStore store, RuleStore rules, QingStorDialect dialect, S3Backend backend,
                           DeliveryEngine engine, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.dialect = dialect;
        this.backend = backend;
        this.engine = engine;
        this.clock = clock;
    }

    public void start() {
        worker = Thread.ofVirtual().name("herald-cloudfunc").start(this::loop);
    }

    /** The cloudfunc jobs an event creates: one per matching {@code image}/{@code tupu-porn} rule. */
    public List<CloudfuncJob> jobsFor(ObjectEvent event) {
        CompiledRules compiled = rules.rulesFor(event.bucket()).get(QingStorDialect.ID);
        return compiled instanceof CompiledQingStorRules q ? q.cloudfuncJobs(event) : List.of();
    }

    /** Stores jobs inside the caller's (ingest) transaction. */
    public static void insertJobs(Connection c, ObjectEvent event, List<CloudfuncJob> jobs, long now) throws SQLException {
        if (jobs.isEmpty()) {
            return; // the common case: no statement at all
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO cloudfunc_jobs (id, event_id, dialect, bucket, "
                + "rule_id, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (CloudfuncJob job : jobs) {
                ps.setString(1, job.jobId());
                ps.setString(2, event.id());
                ps.setString(3, QingStorDialect.ID);
                ps.setString(4, event.bucket());
                ps.setString(5, job.ruleId());
                ps.setLong(6, now);
                ps.setLong(7, now);
                ps.executeUpdate();
            }
        }
    }

    /** New jobs were committed: run them now rather than at the next poll. */
    public void wake() {
        wake.release();
    }

    private record Due(String id, String eventId, String bucket, String ruleId, int attempts) {
    }

    private void loop() {
        while (!closed) {
            try {
                wake.tryAcquire(1, TimeUnit.SECONDS);
                wake.drainPermits();
                for (Due due : dueJobs()) {
                    if (closed) {
                        return;
                    }
                    run(due);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("cloudfunc worker: {}", e.getMessage());
            }
        }
    }

    private List<Due> dueJobs() {
        long now = clock.millis();
        return store.read(c -> {
            List<Due> due = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, event_id, bucket, rule_id, attempts FROM cloudfunc_jobs "
                    + "WHERE next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 32")) {
                ps.setLong(1, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
                    }
                }
            }
            return due;
        });
    }

    private void run(Due due) {
        Optional<ObjectEvent> event = loadEvent(due.eventId());
        Optional<CloudfuncJob> job = event.flatMap(e -> jobsFor(e).stream().filter(j -> j.jobId().equals(due.id())).findFirst());
        if (job.isEmpty()) {
            LOG.info("cloudfunc job {} dropped: its rule {} on {} no longer applies", due.id(), due.ruleId(), due.bucket());
            store.writer().execute(c -> deleteJob(c, due.id()));
            return;
        }
        CloudfuncOutcome outcome;
        try {
            outcome = job.get().cloudfunc() == QingStorCloudfunc.TUPU_PORN ? moderate(job.get()) : processImage(job.get());
        } catch (RetryableException e) {
            if (due.attempts() < RETRY_WAITS.size()) {
                long next = clock.millis() + RETRY_WAITS.get(due.attempts()).toMillis();
                LOG.warn("cloudfunc job {} attempt {} failed, retrying: {}", due.id(), due.attempts() + 1, e.getMessage());
                store.writer().execute(c -> retryLater(c, due.id(), next, e.getMessage()));
                return;
            }
            outcome = CloudfuncOutcome.failed(e.getMessage());
        }
        finish(due, event.get(), job.get(), outcome);
    }

    private void finish(Due due, ObjectEvent event, CloudfuncJob job, CloudfuncOutcome outcome) {
        Optional<OutboundPush> push = dialect.cloudfuncResultPush(job, event, outcome);
        long now = clock.millis();
        ScheduledDelivery scheduled = store.writer().execute(c -> {
            ScheduledDelivery d = push.isPresent()
                    ? DeliveryStore.insert(c, event.id(), push.get(), EventIngest.orderKey(event), now) : null;
            deleteJob(c, due.id());
            return d;
        });
        if (scheduled != null) {
            engine.schedule(scheduled);
        }
        LOG.info("cloudfunc job {} ({} on {}/{}) {}", due.id(), job.cloudfunc(), job.bucket(), job.key(),
                outcome.success() ? "succeeded" : "failed: " + outcome.error());
    }

    private CloudfuncOutcome processImage(CloudfuncJob job) {
        if (backend == null) {
            return CloudfuncOutcome.failed("image processing needs the backend: set backend.endpoint in Herald's config");
        }
        S3Backend.StoredObject source;
        try {
            source = backend.getObject(job.bucket(), job.key(), QingStorImageProcessor.MAX_SOURCE_BYTES);
        } catch (ObjectTooLargeException e) {
            return CloudfuncOutcome.failed(e.getMessage());
        } catch (BackendUnavailableException e) {
            throw new RetryableException(e.getMessage());
        }
        QingStorImageResult result;
        try {
            result = QingStorImageProcessor.process(source.body(), job.action());
        } catch (QingStorImageException e) {
            return CloudfuncOutcome.failed(e.getMessage());
        }
        if (!result.format().equals("json")) {
            try {
                backend.putObject(job.saveBucket(), job.resultKey(), result.bytes(), result.contentType(),
                        Map.of(QingStorDialect.GENERATED_METADATA, "true"));
            } catch (BackendUnavailableException e) {
                throw new RetryableException(e.getMessage());
            }
        }
        return CloudfuncOutcome.imageSaved(job, result);
    }

    /**
     * Asks the moderation service: {@code POST} JSON {@code {"bucket","key","url"}} with a presigned
     * GET URL (valid an hour) instead of the bytes, so the service fetches only what it needs.
     */
    private CloudfuncOutcome moderate(CloudfuncJob job) {
        URI endpoint = dialect.settings().moderationEndpoint();
        if (endpoint == null) {
            return CloudfuncOutcome.failed("no moderation service: set dialects.qingstor.moderationEndpoint");
        }
        if (backend == null) {
            return CloudfuncOutcome.failed("moderation needs the backend to hand out the object: set backend.endpoint");
        }
        String request;
        try {
            request = JSON.createObjectNode().put("bucket", job.bucket()).put("key", job.key())
                    .put("url", backend.presignGet(job.bucket(), job.key(), PRESIGN_VALIDITY).toString()).toString();
        } catch (BackendUnavailableException e) {
            throw new RetryableException(e.getMessage());
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RetryableException("moderation service " + endpoint.getHost() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableException("interrupted");
        }
        if (answer.statusCode() / 100 != 2) {
            throw new RetryableException("moderation service " + endpoint.getHost() + " answered HTTP " + answer.statusCode());
        }
        return CloudfuncOutcome.moderated(answer.body());
    }

    private Optional<ObjectEvent> loadEvent(String eventId) {
        String json = store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT body FROM events WHERE id = ?")) {
                ps.setString(1, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(json, ObjectEvent.class));
        } catch (IOException e) {
            LOG.warn("stored event {} is unreadable: {}", eventId, e.getMessage());
            return Optional.empty();
        }
    }

    private static Integer deleteJob(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cloudfunc_jobs WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate();
        }
    }

    private static Integer retryLater(Connection c, String id, long next, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE cloudfunc_jobs SET attempts = attempts + 1, "
                + "next_attempt_at = ?, last_error = ? WHERE id = ?")) {
            ps.setLong(1, next);
            ps.setString(2, error);
            ps.setString(3, id);
            return ps.executeUpdate();
        }
    }

    /** A failure that may pass: the backend or the moderation service is unreachable. */
    private static final class RetryableException extends RuntimeException {
        RetryableException(String message) {
            super(message);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        wake.release();
        if (worker != null) {
            worker.join(10_000);
        }
    }
}
