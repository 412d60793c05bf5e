package dev.herald.sidecar.http;

import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.sidecar.ingest.IngestEndpoint;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Which code answers which request. Pure dispatch over {@link HttpRequestView}, so routing is
 * tested without a socket; {@link HeraldHandler} adapts it to Jetty.
 *
 * <p>Vendor config APIs are recognised by their query ({@code ?notification}, {@code ?event}) and
 * addressed path style ({@code /v1/{bucket}} for BOS) or virtual-host style
 * ({@code Host: {bucket}.{hostSuffix}}, path {@code /}).
 */
public final class HeraldRoutes {
    private final IngestEndpoint ingest;
    private final VendorApis vendors;
    private final Ingest eventBus;
    private final AdminRoutes admin;
    private final Supplier<String> metrics;
    private final BooleanSupplier ready;

    /** A route that ingests events, told when the request arrived ({@link System#nanoTime()}) to time the acknowledgement. */
    @FunctionalInterface
    public interface Ingest {
        HttpReply answer(HttpRequestView request, long receivedNanos);
    }

    /** @param eventBus the event-bus push API ({@code POST /v1/event-bus/event/recv} and {@code /v1/event-bus/recv}) */
    public HeraldRoutes(IngestEndpoint ingest, VendorApis vendors, Ingest eventBus,
                        AdminRoutes admin, Supplier<String> metrics, BooleanSupplier ready) {
        this.ingest = ingest;
        this.vendors = vendors;
        this.eventBus = eventBus;
        this.admin = admin;
        this.metrics = metrics;
        this.ready = ready;
    }

    public HttpReply route(HttpRequestView request, long receivedNanos) {
        String path = request.rawPath();
        String method = request.method();
        if (path.equals("/healthz")) {
            return method.equals("GET") ? JsonReply.of(200, "status", "ok") : notAllowed("GET");
        }
        if (path.equals("/readyz")) {
            if (!method.equals("GET")) {
                return notAllowed("GET");
            }
            return ready.getAsBoolean() ? JsonReply.of(200, "status", "ready") : JsonReply.of(503, "status", "starting");
        }
        if (path.equals("/metrics")) {
            if (!method.equals("GET")) {
                return notAllowed("GET");
            }
            return new HttpReply(200, Map.of("Content-Type", "text/plain; version=0.0.4; charset=utf-8"),
                    metrics.get().getBytes(StandardCharsets.UTF_8));
        }
        if (path.equals("/ingest/minio") || path.equals("/ingest/ceph") || path.startsWith("/ingest/ceph/")) {
            if (!method.equals("POST")) {
                return notAllowed("POST");
            }
            if (path.equals("/ingest/minio")) {
                return ingest.minio(request, receivedNanos);
            }
            String token = path.length() > "/ingest/ceph/".length()
                    ? HttpRequestView.percentDecode(path.substring("/ingest/ceph/".length())) : null;
            return ingest.ceph(request, token, receivedNanos);
        }
        if (path.equals("/v1/event-bus/event/recv") || path.equals("/v1/event-bus/recv")) {
            // Baidu's sources disagree on the path: both are served.
            return eventBus.answer(request, receivedNanos);
        }
        HttpReply adminReply = admin.route(request);
        if (adminReply != null) {
            return adminReply;
        }
        HttpReply vendor = vendors.route(request);
        if (vendor != null) {
            return vendor;
        }
        return JsonReply.error(404, "no_such_route", method + " " + path + " is not a Herald route");
    }

    /** The answer to a body over {@code server.maxBodyBytes}; on an ingest route it counts as that producer's refusal. */
    public HttpReply tooLarge(String path, int maxBodyBytes) {
        String producer = path.equals("/ingest/minio") ? "minio"
                : path.equals("/ingest/ceph") || path.startsWith("/ingest/ceph/") ? "ceph"
                : path.equals("/v1/event-bus/event/recv") || path.equals("/v1/event-bus/recv") ? "eventbus"
                : null;
        if (producer != null) {
            ingest.refusedTooLarge(producer);
        }
        return JsonReply.error(413, "too_large", "request body exceeds server.maxBodyBytes (" + maxBodyBytes + " bytes)");
    }

    private static HttpReply notAllowed(String allowed) {
        HttpReply r = JsonReply.error(405, "method_not_allowed", "use " + allowed);
        Map<String, String> h = new LinkedHashMap<>(r.headers());
        h.put("Allow", allowed);
        return new HttpReply(405, h, r.body());
    }
}
