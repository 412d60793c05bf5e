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
import dev.herald.sidecar.delivery.Dispatcher;
import dev.herald.sidecar.delivery.PushRequest;
import dev.herald.sidecar.delivery.RetryPolicy;
import dev.herald.sidecar.delivery.Transport;
import dev.herald.sidecar.routing.Rules;
import dev.herald.sidecar.storage.CloudfuncJobStore;
import dev.herald.sidecar.storage.CloudfuncJobStore.DueJob;
import dev.herald.sidecar.storage.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs QingStor {@code image} and {@code tupu-porn} cloudfuncs. A job is stored with its event in
 * one commit, so an acknowledged event's job survives a restart; one worker runs due jobs, and the
 * result post is queued as an ordinary delivery in the commit that removes the job.
 *
 * <p>Backend or moderation-service outages are retried on {@link #RETRIES} (the delivery retry
 * policy with the waits below); then, like a bad image or a too-large object, the job ends as a
 * failure event posted to {@code notify_url}. The moderation call goes through the delivery
 * transport, behind the same SSRF guard (the configured endpoint is on its allowlist).
 */
public final class CloudfuncRunner implements AutoCloseable {
    static final RetryPolicy RETRIES = new RetryPolicy(List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(30)), 0, Duration.ZERO,
            RandomGenerator.getDefault());
    private static final Duration MODERATION_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_VERDICT_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(CloudfuncRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Duration PRESIGN_VALIDITY = Duration.ofHours(1);

    private final CloudfuncJobStore jobs;
    private final Rules rules;
    private final QingStorDialect dialect;
    private final S3Backend backend;
    private final Transport transport;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean closed;
    private Thread worker;

    /** @param backend the S3 backend, or {@code null}: then every job fails with a message saying so */
    public CloudfuncRunner(CloudfuncJobStore jobs, Rules rules, QingStorDialect dialect, S3Backend backend,
                           Transport transport, Dispatcher dispatcher, Clock clock) {
        this.jobs = jobs;
        this.rules = rules;
        this.dialect = dialect;
        this.backend = backend;
        this.transport = transport;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    public void start() {
        worker = Thread.ofVirtual().name("herald-cloudfunc").start(this::loop);
    }

    /** The detail of the jobs an event creates, from the bucket's QingStor rules as they are now. */
    private List<CloudfuncJob> jobsFor(ObjectEvent event) {
        CompiledRules compiled = rules.compiledFor(event.bucket()).get(QingStorDialect.ID);
        return compiled instanceof CompiledQingStorRules q ? q.cloudfuncJobs(event) : List.of();
    }

    /** New jobs were committed: run them now rather than at the next poll. */
    public void wake() {
        wake.release();
    }

    private void loop() {
        while (!closed) {
            try {
                wake.tryAcquire(1, TimeUnit.SECONDS);
                wake.drainPermits();
                for (DueJob due : jobs.due(clock.millis(), 32)) {
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

    private void run(DueJob due) {
        Optional<ObjectEvent> event = readEvent(due);
        Optional<CloudfuncJob> job = event.flatMap(e -> jobsFor(e).stream().filter(j -> j.jobId().equals(due.id())).findFirst());
        if (job.isEmpty()) {
            LOG.info("cloudfunc job {} dropped: its rule {} on {} no longer applies", due.id(), due.ruleId(), due.bucket());
            jobs.finish(due.id(), Optional.empty());
            return;
        }
        CloudfuncOutcome outcome;
        try {
            outcome = job.get().cloudfunc() == QingStorCloudfunc.TUPU_PORN ? moderate(job.get()) : processImage(job.get());
        } catch (RetryableException e) {
            OptionalLong wait = RETRIES.nextDelayMillis(due.attempts() + 1, -1);
            if (wait.isPresent()) {
                LOG.warn("cloudfunc job {} attempt {} failed, retrying: {}", due.id(), due.attempts() + 1, e.getMessage());
                jobs.retryLater(due.id(), clock.millis() + wait.getAsLong(), e.getMessage());
                return;
            }
            outcome = CloudfuncOutcome.failed(e.getMessage());
        }
        finish(due, event.get(), job.get(), outcome);
    }

    private void finish(DueJob due, ObjectEvent event, CloudfuncJob job, CloudfuncOutcome outcome) {
        Optional<OutboundPush> push = dialect.cloudfuncResultPush(job, event, outcome);
        long now = clock.millis();
        Optional<Delivery> result = push.map(p -> Delivery.fresh(event.id(), p, event.bucket() + "/" + event.key(), now));
        jobs.finish(due.id(), result).ifPresent(d -> dispatcher.admit(List.of(d)));
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
        Transport.Response answer = transport.send(new PushRequest("POST", endpoint.toString(), "application/json",
                request.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>(), MODERATION_TIMEOUT, MAX_VERDICT_BYTES));
        if (answer.status() == null || answer.status() / 100 != 2) {
            throw new RetryableException("moderation service " + endpoint.getHost() + ": " + answer.error());
        }
        return CloudfuncOutcome.moderated(answer.body());
    }

    private static Optional<ObjectEvent> readEvent(DueJob due) {
        if (due.eventJson() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(due.eventJson(), ObjectEvent.class));
        } catch (IOException e) {
            LOG.warn("stored event {} is unreadable: {}", due.eventId(), e.getMessage());
            return Optional.empty();
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
