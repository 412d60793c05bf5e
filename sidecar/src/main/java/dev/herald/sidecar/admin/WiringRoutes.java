package dev.herald.sidecar.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.StoreUnavailableException;
import dev.herald.sidecar.backend.WiredBuckets;
import dev.herald.sidecar.http.Exchange;
import dev.herald.sidecar.http.JsonReply;
import dev.herald.sidecar.http.Route;
import dev.herald.sidecar.routing.Rules;

import java.util.List;

import static dev.herald.sidecar.admin.AdminJson.JSON;

/**
 * {@code /admin/backend/wiring}: buckets with rules and whether the backend sends them to Herald
 * (GET), wiring the ones that are not (POST). Buckets wired but without rules are not listed:
 * finding them would mean reading every bucket of the backend.
 */
final class WiringRoutes {
    private final Rules rules;
    private final WiredBuckets wiring;

    WiringRoutes(Rules rules, WiredBuckets wiring) {
        this.rules = rules;
        this.wiring = wiring;
    }

    List<Route> routes() {
        return List.of(Route.of("GET", "/admin/backend/wiring", e -> wiring(false)),
                Route.of("POST", "/admin/backend/wiring", e -> wiring(true)));
    }

    private HttpReply wiring(boolean repair) {
        if (!wiring.enabled()) {
            return JsonReply.error(409, "wiring_off", "set backend.kind (minio or ceph) to let Herald wire buckets");
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("buckets");
        try {
            for (String bucket : rules.bucketsWithRules()) {
                boolean wired = wiring.isWired(bucket);
                ObjectNode b = list.addObject().put("bucket", bucket).put("wired", wired);
                if (!wired && repair) {
                    wiring.repair(bucket, true);
                    b.put("wired", true).put("repaired", true);
                }
            }
        } catch (StoreUnavailableException e) {
            return JsonReply.error(503, "backend_unavailable", e.getMessage());
        }
        return AdminJson.ok(root);
    }
}
