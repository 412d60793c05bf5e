package dev.herald.sidecar.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.CredentialLookup;
import dev.herald.dialects.SignatureLimits;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BceErrorReply;
import dev.herald.dialects.eventbus.BusDirectory;
import dev.herald.dialects.eventbus.BusEvent;
import dev.herald.dialects.eventbus.BusEventSink;
import dev.herald.dialects.eventbus.EventBusPushApi;
import dev.herald.sidecar.metrics.HeraldMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The event bus push API as an ingest route: {@link EventBusPushApi} answers, and the answer is
 * counted like MinIO's and Ceph's under producer {@code eventbus}: acknowledgement latency, or the
 * refusal's reason. A 500 is logged with its request id and cause, which the answer leaves out.
 *
 * <p>The answer matches what was committed: an error raised after the store took the events (the
 * echo of data nested too deep to write, say) is logged, and the producer gets 200 with the
 * events' ids, so it does not resend what was already delivered.
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
        CommitWitness witness = new CommitWitness(sink);
        EventBusPushApi.Answer answer = api.handle(request, clock, credentials, buses, ids, witness);
        HttpReply reply = answer.reply();
        String requestId = reply.headers().get(BceErrorReply.REQUEST_ID_HEADER);
        if (reply.status() / 100 != 2 && witness.committed() != null) {
            LOG.warn("event bus push committed {} events but failed after (request id {}); answered 200", witness
                    .committed().size(), requestId, answer.failure());
            metrics.ingestAck(Ingest.BUS_PRODUCER, Duration.ofNanos(System.nanoTime() - receivedNanos));
            return committedReply(witness.committed(), requestId);
        }
        if (reply.status() / 100 == 2) {
            metrics.ingestAck(Ingest.BUS_PRODUCER, Duration.ofNanos(System.nanoTime() - receivedNanos));
        } else if (answer.refusal() != null) {
            metrics.ingestRejected(Ingest.BUS_PRODUCER, answer.refusal());
        }
        if (answer.failure() != null) {
            LOG.error("event bus push answered {} (request id {})", reply.status(), requestId, answer.failure());
        }
        return reply;
    }

    /** {@code {"events":[{"id":...,"eventBusId":...},...]}}: what was stored, without the data that could not be echoed. */
    private static HttpReply committedReply(List<BusEvent> events, String requestId) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode echoed = body.putArray("events");
        events.forEach(e -> echoed.addObject().put("id", e.id()).put("eventBusId", e.eventBusId()).put("source", e.source())
                .put("type", e.type()));
        return HttpReply.json(200, body.toString(), Map.of(BceErrorReply.REQUEST_ID_HEADER, requestId));
    }
}
