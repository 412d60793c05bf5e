package dev.herald.sidecar.ingest;

import dev.herald.adapter.ingest.DecodedNotification;
import dev.herald.adapter.ingest.S3NotificationDecoder;
import dev.herald.adapter.ingest.UndecodableNotificationException;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.IngestRefusal;
import dev.herald.dialects.StoreUnavailableException;
import dev.herald.sidecar.http.JsonReply;
import dev.herald.sidecar.metrics.HeraldMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;

/**
 * {@code POST /ingest/minio} and {@code POST /ingest/ceph[/{token}]}: authenticate the producer,
 * decode its notification, store it, and answer 2xx only once it is committed.
 *
 * <p>Answers are chosen for how producers retry: 503 when the store cannot write (MinIO's queue
 * and Ceph's persistent topics resend, nothing is lost); 400 only for bodies that are not
 * notifications at all, which no resend can fix.
 */
public final class IngestEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(IngestEndpoint.class);

    private final Ingest ingest;
    private final HeraldMetrics metrics;
    private final String minioToken;
    private final String cephToken;

    public IngestEndpoint(Ingest ingest, HeraldMetrics metrics, String minioToken, String cephToken) {
        this.ingest = ingest;
        this.metrics = metrics;
        this.minioToken = minioToken;
        this.cephToken = cephToken;
    }

    /** MinIO sends {@code Authorization: Bearer <auth_token>} (AIStor sends the token verbatim). */
    public HttpReply minio(HttpRequestView request, long receivedNanos) {
        if (minioToken == null) {
            return refuse("minio", 401, "unauthorized", "ingest.minio.token is not configured; Herald refuses unauthenticated ingest");
        }
        String auth = request.header("Authorization");
        if (auth == null || !(constantTimeEquals(auth, "Bearer " + minioToken) || constantTimeEquals(auth, minioToken))) {
            return refuse("minio", 401, "unauthorized", auth == null ? "missing Authorization header"
                    : "Authorization does not carry the configured ingest.minio.token");
        }
        return decodeAndStore("minio", request.body(), null, receivedNanos);
    }

    /**
     * Ceph cannot send an auth header: the token is the last path segment
     * ({@code /ingest/ceph/{token}}, set in the topic's push-endpoint) or every record's
     * {@code opaqueData} (the topic's OpaqueData attribute).
     */
    public HttpReply ceph(HttpRequestView request, String pathToken, long receivedNanos) {
        if (cephToken == null) {
            return refuse("ceph", 401, "unauthorized", "ingest.ceph.token is not configured; Herald refuses unauthenticated ingest");
        }
        if (pathToken != null && !constantTimeEquals(pathToken, cephToken)) {
            return refuse("ceph", 401, "unauthorized", "the token in the path does not match ingest.ceph.token");
        }
        return decodeAndStore("ceph", request.body(), pathToken == null ? cephToken : null, receivedNanos);
    }

    /** A request to {@code producer}'s ingest route had a body over {@code server.maxBodyBytes} (answered 413). */
    public void refusedTooLarge(String producer) {
        metrics.ingestRejected(producer, IngestRefusal.TOO_LARGE);
    }

    private HttpReply decodeAndStore(String producer, byte[] body, String requiredOpaqueData, long receivedNanos) {
        try {
            return decodeAndStoreOrThrow(producer, body, requiredOpaqueData, receivedNanos);
        } catch (RuntimeException e) {
            // A bug: HeraldHandler logs it and answers 500; the producer resends.
            metrics.ingestRejected(producer, IngestRefusal.INTERNAL);
            throw e;
        }
    }

    private HttpReply decodeAndStoreOrThrow(String producer, byte[] body, String requiredOpaqueData, long receivedNanos) {
        DecodedNotification decoded;
        try {
            decoded = S3NotificationDecoder.decode(body);
        } catch (UndecodableNotificationException e) {
            metrics.ingestRejected(producer, IngestRefusal.UNDECODABLE);
            LOG.info("rejected {} ingest body: {}", producer, e.getMessage());
            return JsonReply.error(400, "not_an_event", e.getMessage());
        }
        if (requiredOpaqueData != null) {
            List<String> opaque = decoded.opaqueData();
            boolean allMatch = !opaque.isEmpty() && opaque.size() == decoded.events().size()
                    && opaque.stream().allMatch(o -> o != null && constantTimeEquals(o, requiredOpaqueData));
            if (!allMatch) {
                return refuse(producer, 401, "unauthorized",
                        "no token: put it in the push-endpoint path (/ingest/ceph/{token}) or the topic's OpaqueData");
            }
        }
        if (decoded.testEvent() || decoded.events().isEmpty()) {
            return JsonReply.of(200, "accepted", 0, "ignored", "test event");
        }
        Ingest.Result result;
        try {
            result = ingest.acceptObjects(decoded.events());
        } catch (StoreUnavailableException e) {
            metrics.ingestRejected(producer, IngestRefusal.STORE);
            LOG.warn("store unavailable, answering 503 to {}: {}", producer, e.getMessage());
            return JsonReply.error(503, "store_unavailable", "Herald cannot store events right now; retry");
        }
        metrics.ingestAck(producer, Duration.ofNanos(System.nanoTime() - receivedNanos));
        return JsonReply.of(200, "accepted", result.stored(), "duplicates", result.duplicates(),
                "deliveries", result.deliveries());
    }

    private HttpReply refuse(String producer, int status, String error, String reason) {
        metrics.ingestRejected(producer, IngestRefusal.AUTH);
        return JsonReply.error(status, error, reason);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
