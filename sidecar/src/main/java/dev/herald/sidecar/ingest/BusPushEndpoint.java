package dev.herald.sidecar.ingest;

import dev.herald.dialects.CredentialLookup;
import dev.herald.dialects.SignatureLimits;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.eventbus.BusDirectory;
import dev.herald.dialects.eventbus.BusEventSink;
import dev.herald.dialects.eventbus.EventBusPushApi;
import dev.herald.sidecar.metrics.HeraldMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The event bus push API as an ingest route: {@link EventBusPushApi} answers, and the answer is
 * counted like MinIO's and Ceph's under producer {@code eventbus}: acknowledgement latency, or the
 * refusal's reason. A 500 is logged with its request id and cause, which the answer leaves out.
 */
public final class BusPushEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(BusPushEndpoint.class);

    private final EventBusPushApi api;
    private final Clock clock;
    private final CredentialLookup credentials;
    private final BusDirectory buses;
    private final Supplier<String> ids;
    private final BusEventSink sink;
    private final HeraldMetrics metrics;

    public BusPushEndpoint(Clock clock, CredentialLookup credentials, SignatureLimits signatures, BusDirectory buses,
                           Supplier<String> ids, BusEventSink sink, HeraldMetrics metrics) {
        this.api = new EventBusPushApi(signatures);
        this.clock = clock;
        this.credentials = credentials;
        this.buses = buses;
        this.ids = ids;
        this.sink = sink;
        this.metrics = metrics;
    }

    public HttpReply answer(HttpRequestView request, long receivedNanos) {
        EventBusPushApi.Answer answer = api.handle(request, clock, credentials, buses, ids, sink);
        HttpReply reply = answer.reply();
        if (reply.status() / 100 == 2) {
            metrics.ingestAck(Ingest.BUS_PRODUCER, Duration.ofNanos(System.nanoTime() - receivedNanos));
        } else if (answer.refusal() != null) {
            metrics.ingestRejected(Ingest.BUS_PRODUCER, answer.refusal());
        }
        if (answer.failure() != null) {
            LOG.error("event bus push answered {} (request id {})", reply.status(),
                    reply.headers().get("x-bce-request-id"), answer.failure());
        }
        return reply;
    }
}
