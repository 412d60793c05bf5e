package dev.herald.sidecar.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.sidecar.config.HeraldConfig;

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

    public AdminRoutes(String token, List<HeraldConfig.Bus> buses) {
        this.token = token;
        this.buses = buses;
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
        return JsonReply.error(404, "no_such_route", request.method() + " " + path + " is not an admin route");
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
