package dev.herald.sidecar.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.CredentialLookup;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BosErrorCode;
import dev.herald.dialects.eventbus.BusDirectory;
import dev.herald.dialects.eventbus.BusEventSink;
import dev.herald.dialects.eventbus.EventBusPushApi;
import dev.herald.sidecar.metrics.HeraldMetrics;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The event bus push API as an ingest route: {@link EventBusPushApi} answers, and the answer is
 * counted like MinIO's and Ceph's under producer {@code eventbus}: acknowledgement latency, or
 * the refusal reason read from the BCE error code.
 */
public final class BusPushEndpoint {
    static final String PRODUCER = "eventbus";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventBusPushApi api = new EventBusPushApi();
    private final Clock clock;
    private final CredentialLookup credentials;
    private final BusDirectory buses;
    private final Supplier<String> ids;
    private final BusEventSink sink;
    private final HeraldMetrics metrics;

    public BusPushEndpoint(Clock clock, CredentialLookup credentials, BusDirectory buses, Supplier<String> ids,
                           BusEventSink sink, HeraldMetrics metrics) {
        this.clock = clock;
        this.credentials = credentials;
        this.buses = buses;
        this.ids = ids;
        this.sink = sink;
        this.metrics = metrics;
    }

    public HttpReply answer(HttpRequestView request, long receivedNanos) {
        HttpReply reply = api.handle(request, clock, credentials, buses, ids, sink);
        if (reply.status() / 100 == 2) {
            metrics.ingestAck(PRODUCER, Duration.ofNanos(System.nanoTime() - receivedNanos));
        } else {
            String reason = refusalReason(reply);
            if (reason != null) {
                metrics.ingestRejected(PRODUCER, reason);
            }
        }
        return reply;
    }

    /** The {@link HeraldMetrics#REJECT_REASONS reason} for a BCE error answer; {@code null} for a wrong method (not a push). */
    static String refusalReason(HttpReply reply) {
        String code;
        try {
            JsonNode body = JSON.readTree(reply.body());
            code = body == null ? "" : body.path("code").asText("");
        } catch (IOException e) {
            code = "";
        }
        for (BosErrorCode c : BosErrorCode.values()) {
            if (c.code().equals(code)) {
                return switch (c) {
                    case ACCESS_DENIED, INVALID_ACCESS_KEY_ID, INVALID_HTTP_AUTH_HEADER, REQUEST_EXPIRED,
                         SIGNATURE_DOES_NOT_MATCH -> "auth";
                    case MALFORMED_JSON, INAPPROPRIATE_JSON, INVALID_ARGUMENT, NO_SUCH_BUCKET -> "undecodable";
                    case SERVICE_UNAVAILABLE -> "store";
                    case INTERNAL_ERROR -> "internal";
                    case METHOD_NOT_ALLOWED -> null;
                };
            }
        }
        return reply.status() >= 500 ? "internal" : "undecodable";
    }
}
