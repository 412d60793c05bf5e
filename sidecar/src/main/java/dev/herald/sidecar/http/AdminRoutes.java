package dev.herald.sidecar.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.StoreUnavailableException;
import dev.herald.sidecar.backend.WiredBuckets;
import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.rules.RuleStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/...}: operator views, behind {@code Authorization: Bearer <admin.token>}. Without a
 * configured token every admin request is refused.
 */
public final class AdminRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String token;
    private final List<HeraldConfig.Bus> buses;
    private final RuleStore rules;
    private final WiredBuckets wiring;

    public AdminRoutes(String token, List<HeraldConfig.Bus> buses, RuleStore rules, WiredBuckets wiring) {
        this.token = token;
        this.buses = buses;
        this.rules = rules;
        this.wiring = wiring;
    }

    /** The answer, or {@code null} when the path is not an admin route. */
    public HttpReply route(HttpRequestView request) {
        String path = request.rawPath();
        if (!path.equals("/admin") && !path.startsWith("/admin/")) {
            return null;
        }
        if (token == null) {
            return JsonReply.error(401, "unauthorized", "admin.token is not configured; the admin routes are off");
        }
        String auth = request.header("Authorization");
        if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8),
                ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
            return JsonReply.error(401, "unauthorized", "Authorization: Bearer <admin.token> required");
        }
        if (path.equals("/admin/event-bus")) {
            return request.method().equals("GET") ? eventBus() : JsonReply.error(405, "method_not_allowed", "use GET");
        }
        if (path.equals("/admin/backend/wiring")) {
            return switch (request.method()) {
                case "GET" -> wiring(false);
                case "POST" -> wiring(true);
                default -> JsonReply.error(405, "method_not_allowed", "use GET (check) or POST (repair)");
            };
        }
        return JsonReply.error(404, "no_such_route", request.method() + " " + path + " is not an admin route");
    }

    /**
     * Buckets with rules and whether the backend sends them to Herald; with {@code repair}, the
     * ones that do not are wired first. Buckets wired but without rules are not listed: finding
     * them would mean reading every bucket of the backend.
     */
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
        return new HttpReply(200, Map.of("Content-Type", "application/json"), root.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The configured buses, the buckets publishing to them and their rules, as the config declares them. */
    private HttpReply eventBus() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("buses");
        for (HeraldConfig.Bus b : buses) {
            ObjectNode bus = list.addObject().put("id", b.id()).put("name", b.name());
            b.buckets().forEach(bus.putArray("buckets")::add);
            ArrayNode rules = bus.putArray("rules");
            for (HeraldConfig.BusRule r : b.rules()) {
                ObjectNode rule = rules.addObject().put("name", r.name());
                rule.set("pattern", r.pattern() == null ? JSON.createObjectNode() : r.pattern());
                ArrayNode targets = rule.putArray("targets");
                r.targets().forEach(t -> targets.addObject().put("url", t.url()).put("mode", t.mode()));
            }
        }
        return new HttpReply(200, Map.of("Content-Type", "application/json"), root.toString().getBytes(StandardCharsets.UTF_8));
    }
}
