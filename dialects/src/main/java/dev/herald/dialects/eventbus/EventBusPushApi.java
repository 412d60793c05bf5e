package dev.herald.dialects.eventbus;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.Credential;
import dev.herald.dialects.CredentialLookup;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.SignatureLimits;
import dev.herald.dialects.IngestRefusal;
import dev.herald.dialects.StoreUnavailableException;
import dev.herald.dialects.bos.BceAuthV1;
import dev.herald.dialects.bos.BceErrorReply;
import dev.herald.dialects.bos.BosException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.herald.dialects.bos.BosErrorCode.INTERNAL_ERROR;
import static dev.herald.dialects.bos.BosErrorCode.METHOD_NOT_ALLOWED;
import static dev.herald.dialects.bos.BosErrorCode.SERVICE_UNAVAILABLE;

/**
 * The event bus push API ({@code POST /v1/event-bus/recv}, also served at Baidu's documented
 * {@code /v1/event-bus/event/recv}; the sidecar routes both here): applications put their own
 * events on a bus.
 *
 * <p>The request must carry a valid {@code bce-auth-v1} signature by any configured credential
 * (the credential's bucket list does not restrict buses). Only {@code POST}. The body is read by
 * {@link EventBusPushReader}; the events are handed to the sink all at once and echoed as stored:
 * {@code 200 {"events":[...]}}. Every answer carries {@code x-bce-request-id}; errors are BCE JSON
 * {@code {"code","message","requestId"}} with the same id: 403 {@code AccessDenied} (unsigned) and
 * the other signature errors of {@link BceAuthV1#verify}, 405 {@code MethodNotAllowed}, 400
 * {@code MalformedJSON} / {@code InappropriateJSON} / {@code InvalidArgument} (nothing stored),
 * 503 {@code ServiceUnavailable} (the store failed; retry), 500 {@code InternalError}.
 */
public final class EventBusPushApi {
    private final SignatureLimits signatures;

    public EventBusPushApi(SignatureLimits signatures) {
        this.signatures = signatures;
    }

    /**
     * What the API answered and, when it refused the push, why.
     *
     * @param refusal {@code null} for an accepted push and for a request that is not a push at all (wrong method)
     * @param failure  the cause of a 500, for the sidecar's log (the answer only names the request id); else {@code null}
     */
    public record Answer(HttpReply reply, IngestRefusal refusal, Throwable failure) {
        Answer(HttpReply reply, IngestRefusal refusal) {
            this(reply, refusal, null);
        }
    }

    /** Answers one push request; never throws. {@code ids} gives the request id, then ids for events without one. */
    public Answer handle(HttpRequestView request, Clock clock, CredentialLookup credentials, BusDirectory buses,
                         Supplier<String> ids, BusEventSink sink) {
        String requestId = ids.get();
        IngestRefusal refusal = IngestRefusal.AUTH;
        try {
            Instant receivedAt = clock.instant();
            Credential credential = BceAuthV1.verify(request, credentials, clock, signatures);
            if (!request.method().equals("POST")) {
                refusal = null;
                throw new BosException(METHOD_NOT_ALLOWED, request.method()
                        + " is not an event bus operation; push events with POST");
            }
            refusal = IngestRefusal.UNDECODABLE;
            List<BusEvent> events = new EventBusPushReader(buses, ids).read(request.body(), credential.accessKey(),
                    receivedAt);
            refusal = IngestRefusal.INTERNAL;
            sink.accept(events);
            ObjectNode body = EventBusJson.MAPPER.createObjectNode();
            ArrayNode echoed = body.putArray("events");
            events.forEach(e -> echoed.add(e.toJson()));
            return new Answer(HttpReply.json(200, body.toString(), Map.of(BceErrorReply.REQUEST_ID_HEADER, requestId)), null);
        } catch (BosException e) {
            return new Answer(BceErrorReply.of(e.error(), e.getMessage(), requestId), refusal);
        } catch (StoreUnavailableException e) {
            return new Answer(BceErrorReply.of(SERVICE_UNAVAILABLE, "Herald could not store the events; retry later",
                    requestId), IngestRefusal.STORE);
        } catch (RuntimeException e) {
            // The cause stays out of the answer: it may describe Herald's internals.
            return new Answer(BceErrorReply.of(INTERNAL_ERROR, "Herald failed to handle the request; retry later, or report "
                    + "request id " + requestId + " if it persists", requestId), IngestRefusal.INTERNAL, e);
        }
    }
}
