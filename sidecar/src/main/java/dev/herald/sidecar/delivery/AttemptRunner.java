package dev.herald.sidecar.delivery;

import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.PushBatch;
import dev.herald.sidecar.storage.Attempt;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.DeliveryQueue;
import dev.herald.sidecar.tracing.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt of one delivery, or of a batch of them in one request, step by step: load the
 * pushes memory did not keep, refuse a disabled URL, let every signer add its headers, send, tell
 * the lane's breaker, classify, record. A batch's members each get the request's outcome in their
 * own attempt log and are classified on their own attempt count.
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

    /**
     * @param held      one delivery, or the members of a batch of one URL ({@link Batcher}), the first one leading
     * @param permitted whether the lane's breaker gave a permission this attempt reports on
     */
    void run(List<Timeline.Attempt> held, Lane lane, boolean permitted, OutcomeRecorder.Completion done) {
        List<Timeline.Attempt> members = new ArrayList<>(held.size());
        List<Delivery> loaded = new ArrayList<>(held.size());
        List<Timeline.Attempt> gone = new ArrayList<>();
        try {
            for (Timeline.Attempt h : held) {
                Optional<Delivery> d = h.delivery().push() != null ? Optional.of(h.delivery()) : queue.load(h.delivery());
                if (d.isPresent()) {
                    members.add(h);
                    loaded.add(d.get());
                } else {
                    gone.add(h); // delivered or dead-lettered meanwhile
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot read delivery {}: {}; retrying in 5 s", held.getFirst().delivery().id(), e.getMessage());
            lane.release(permitted);
            held.forEach(h -> done.again(h, h.delivery().dueAt(clock.millis() + STORE_RETRY_MILLIS)));
            return;
        }
        gone.forEach(done::finished);
        if (loaded.isEmpty()) {
            lane.release(permitted);
            return;
        }
        NotificationDialect dialect = dialects.get(loaded.getFirst().push().dialect());
        keepWhatFitsOneRequest(dialect, members, loaded, done);
        attempt(dialect, members, loaded, lane, permitted, done);
    }

    /** Members that cannot share the first one's request go again at once, in a later request. */
    private static void keepWhatFitsOneRequest(NotificationDialect dialect, List<Timeline.Attempt> members,
                                               List<Delivery> loaded, OutcomeRecorder.Completion done) {
        OutboundPush first = loaded.getFirst().push();
        boolean batching = dialect != null && loaded.size() > 1 && dialect.batching().batchable(first);
        for (int i = loaded.size() - 1; i > 0; i--) {
            OutboundPush p = loaded.get(i).push();
            if (!batching || !PushBatch.compatible(first, p) || !dialect.batching().batchable(p)) {
                done.again(members.remove(i), loaded.remove(i).unloaded());
            }
        }
    }

    private void attempt(NotificationDialect dialect, List<Timeline.Attempt> members, List<Delivery> loaded, Lane lane,
                         boolean permitted, OutcomeRecorder.Completion done) {
        Delivery first = loaded.getFirst();
        // Each member's attempt joins its own event's trace; the request carries the first one's context.
        List<Tracing.AttemptSpan> spans = new ArrayList<>(loaded.size());
        for (Delivery d : loaded) {
            spans.add(tracing.attempt(() -> queue.traceContext(d.id()).orElse(null), d.id(), d.push().method(),
                    d.targetUrl(), d.attempts() + 1));
        }
        long started = clock.millis();
        Transport.Response response;
        boolean sent = false;
        if (dialect == null) {
            response = Transport.Response.notSent("no dialect '" + first.push().dialect() + "' in this Herald");
        } else if (disabledTargets.isDisabled(first.targetUrl())) {
            response = Transport.Response.notSent("not sent: the target answered 410 Gone before and is disabled; "
                    + "re-enable it with DELETE /admin/destinations/disabled?url=...");
        } else {
            response = transport.send(request(dialect, loaded, spans.getFirst()));
            sent = true;
        }
        if (!sent) {
            lane.release(permitted);
        } else if (lane.record(permitted, OutcomePolicy.receiverFailing(response))) {
            done.laneReopened(lane);
        }
        long now = clock.millis();
        List<Attempt> attempts = new ArrayList<>(loaded.size());
        List<Outcome> outcomes = new ArrayList<>(loaded.size());
        for (int i = 0; i < loaded.size(); i++) {
            Delivery d = loaded.get(i);
            int number = d.attempts() + 1;
            attempts.add(new Attempt(number, started, now - started, response.status(), response.error(),
                    response.retryAfterMillis()));
            Outcome outcome = policy.classify(d, dialect, response, sent, number, now);
            outcomes.add(outcome);
            spans.get(i).end(response.status(), response.error(), switch (outcome) {
                case Outcome.Delivered x -> "delivered";
                case Outcome.RetryAt x -> "retry";
                case Outcome.Dead x -> "dead";
                case Outcome.Gone x -> "gone";
            });
        }
        recorder.record(members, loaded, attempts, outcomes, done);
    }

    /** The signed request of one delivery, or of a batch carried by one push under the batch's id. */
    private PushRequest request(NotificationDialect dialect, List<Delivery> loaded, Tracing.AttemptSpan span) {
        Delivery first = loaded.getFirst();
        Delivery carrier = first;
        if (loaded.size() > 1) {
            OutboundPush push = dialect.batching().batch(PushBatch.of(loaded.stream().map(Delivery::push).toList()));
            carrier = new Delivery(push.deliveryId(), null, first.targetUrl(), first.origin(), null, first.seq(),
                    first.createdAt(), first.attempts(), first.dueAt(), push);
        }
        PushRequest request = PushRequest.of(carrier.push(), settings.requestTimeout(first.push().dialect(),
                first.targetUrl()).orElse(null));
        if (tracing.propagates()) {
            request.headers().put("traceparent", span.traceparent()); // before the signers: one may cover it
        }
        for (Signer signer : signers) {
            signer.sign(request, carrier, carrier.attempts() + 1, clock.instant());
        }
        if (loaded.size() > 1) {
            HeraldIdHeaders.batch(request, carrier.id(), loaded);
        }
        return request;
    }
}
