package dev.herald.sidecar.delivery;

import dev.herald.dialects.NotificationDialect;
import dev.herald.sidecar.storage.Attempt;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.DeliveryQueue;
import dev.herald.sidecar.tracing.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt of one delivery, step by step: load its push if memory did not keep it, refuse a
 * disabled URL, let every signer add its headers, send, tell the lane's breaker, classify, record.
 */
final class AttemptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptRunner.class);
    private static final long STORE_RETRY_MILLIS = 5_000;

    private final DeliveryQueue queue;
    private final Map<String, NotificationDialect> dialects;
    private final DisabledTargets disabledTargets;
    private final DestinationSettings settings;
    private final List<Signer> signers;
    private final Transport transport;
    private final OutcomePolicy policy;
    private final OutcomeRecorder recorder;
    private final Tracing tracing;
    private final Clock clock;

    AttemptRunner(DeliveryQueue queue, Map<String, NotificationDialect> dialects, DisabledTargets disabledTargets,
                  DestinationSettings settings, List<Signer> signers, Transport transport, OutcomeRecorder recorder,
                  Tracing tracing, Clock clock) {
        this.queue = queue;
        this.dialects = dialects;
        this.disabledTargets = disabledTargets;
        this.settings = settings;
        this.signers = signers;
        this.transport = transport;
        this.policy = new OutcomePolicy(settings);
        this.recorder = recorder;
        this.tracing = tracing;
        this.clock = clock;
    }

    /** @param permitted whether the lane's breaker gave a permission this attempt reports on */
    void run(Timeline.Attempt held, Lane lane, boolean permitted, OutcomeRecorder.Completion done) {
        Optional<Delivery> loaded;
        try {
            loaded = held.delivery().push() != null ? Optional.of(held.delivery()) : queue.load(held.delivery());
        } catch (RuntimeException e) {
            LOG.warn("cannot read delivery {}: {}; retrying in 5 s", held.delivery().id(), e.getMessage());
            lane.release(permitted);
            done.again(held, held.delivery().dueAt(clock.millis() + STORE_RETRY_MILLIS));
            return;
        }
        if (loaded.isEmpty()) {
            lane.release(permitted);
            done.finished(held); // delivered or dead-lettered meanwhile
            return;
        }
        Delivery d = loaded.get();
        NotificationDialect dialect = dialects.get(d.push().dialect());
        int number = d.attempts() + 1;
        long started = clock.millis();
        Tracing.AttemptSpan span = tracing.attempt(() -> queue.traceContext(d.id()).orElse(null), d.id(), d.push().method(),
                d.targetUrl(), number);
        Transport.Response response;
        boolean sent = false;
        if (dialect == null) {
            response = Transport.Response.notSent("no dialect '" + d.push().dialect() + "' in this Herald");
        } else if (disabledTargets.isDisabled(d.targetUrl())) {
            response = Transport.Response.notSent("not sent: the target answered 410 Gone before and is disabled; "
                    + "re-enable it with DELETE /admin/destinations/disabled?url=...");
        } else {
            PushRequest request = PushRequest.of(d.push(), settings.requestTimeout(d.push().dialect(), d.targetUrl())
                    .orElse(null));
            if (tracing.propagates()) {
                request.headers().put("traceparent", span.traceparent()); // before the signers: one may cover it
            }
            for (Signer signer : signers) {
                signer.sign(request, d, number, clock.instant());
            }
            response = transport.send(request);
            sent = true;
        }
        if (!sent) {
            lane.release(permitted);
        } else if (lane.record(permitted, OutcomePolicy.receiverFailing(response))) {
            done.laneReopened(lane);
        }
        long now = clock.millis();
        Attempt attempt = new Attempt(number, started, now - started, response.status(), response.error(),
                response.retryAfterMillis());
        Outcome outcome = policy.classify(d, dialect, response, sent, number, now);
        span.end(response.status(), response.error(), switch (outcome) {
            case Outcome.Delivered x -> "delivered";
            case Outcome.RetryAt x -> "retry";
            case Outcome.Dead x -> "dead";
            case Outcome.Gone x -> "gone";
        });
        recorder.record(held, d, attempt, outcome, done);
    }
}
