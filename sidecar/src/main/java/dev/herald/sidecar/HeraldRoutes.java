package dev.herald.sidecar;

import dev.herald.dialects.HttpReply;
import dev.herald.sidecar.http.JsonReply;
import dev.herald.sidecar.http.Route;
import dev.herald.sidecar.http.RouteTable;
import dev.herald.sidecar.ingest.BusPushEndpoint;
import dev.herald.sidecar.ingest.IngestEndpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every route on Herald's one port, as a table: method, path, the ingest producer it takes events
 * from, handler. What the table does not have goes to the vendor config APIs, which claim requests
 * by query ({@code ?notification}, {@code ?event}), host and signature.
 */
final class HeraldRoutes {
    private HeraldRoutes() {
    }

    static RouteTable table(IngestEndpoint ingest, BusPushEndpoint bus, List<Route> admin, RouteTable.Fallback vendorApis,
                            Supplier<String> metrics, Supplier<Optional<String>> unready) {
        List<Route> routes = new ArrayList<>(List.of(
                // Says whose it is, so that herald doctor can tell a running Herald from another program on the port.
                Route.of("GET", "/healthz", e -> JsonReply.of(200, "status", "ok", "service", "herald",
                        "version", HeraldVersion.current())),
                Route.of("GET", "/readyz", e -> unready.get().map(why -> JsonReply.of(503, "status", "unready", "reason", why))
                        .orElseGet(() -> JsonReply.of(200, "status", "ready"))),
                Route.of("GET", "/metrics", e -> new HttpReply(200, Map.of("Content-Type",
                        "text/plain; version=0.0.4; charset=utf-8"), metrics.get().getBytes(StandardCharsets.UTF_8))),
                Route.ingest("POST", "/ingest/minio", "minio", e -> ingest.minio(e.request(), e.receivedNanos())),
                Route.ingest("POST", "/ingest/ceph", "ceph", e -> ingest.ceph(e.request(), null, e.receivedNanos())),
                // The token is the rest of the path: a Ceph push-endpoint may carry one with a '/'.
                Route.ingest("POST", "/ingest/ceph/{token...}", "ceph",
                        e -> ingest.ceph(e.request(), e.path().get("token"), e.receivedNanos())),
                // Baidu's sources disagree on the path: both are served. Any method: the API answers BCE's own 405.
                Route.ingest("*", "/v1/event-bus/event/recv", "eventbus", e -> bus.answer(e.request(), e.receivedNanos())),
                Route.ingest("*", "/v1/event-bus/recv", "eventbus", e -> bus.answer(e.request(), e.receivedNanos()))));
        routes.addAll(admin);
        return new RouteTable(routes, vendorApis);
    }
}
