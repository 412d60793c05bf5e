package dev.herald.sidecar.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.HttpReply;
import dev.herald.sidecar.delivery.RecentDeliveries;
import dev.herald.sidecar.http.Exchange;
import dev.herald.sidecar.http.Route;

import java.time.Instant;
import java.util.List;

import static dev.herald.sidecar.admin.AdminJson.JSON;

/**
 * {@code GET /admin/deliveries[?q=&limit=]}: the last delivery attempts (kept in memory since
 * start), newest first; {@code q} is a delivery id, or part of a bucket name or object key.
 */
final class DeliveryRoutes {
    private final RecentDeliveries recent;

    DeliveryRoutes(RecentDeliveries recent) {
        this.recent = recent;
    }

    List<Route> routes() {
        return List.of(Route.of("GET", "/admin/deliveries", this::search));
    }

    private HttpReply search(Exchange e) {
        int limit = e.query("limit") == null ? 100 : AdminJson.limit(e.query("limit"));
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("deliveries");
        for (RecentDeliveries.Entry d : recent.search(e.query("q"), limit)) {
            ObjectNode n = list.addObject().put("deliveryId", d.deliveryId()).put("dialect", d.dialect())
                    .put("bucket", d.bucket()).put("key", d.key()).put("target", d.target()).put("attempt", d.attempt());
            AdminJson.putNullable(n, "status", d.status());
            n.put("outcome", d.outcome()).put("error", d.error()).put("at", Instant.ofEpochMilli(d.at()).toString())
                    .put("durationMs", d.durationMillis());
        }
        return AdminJson.ok(root);
    }
}
