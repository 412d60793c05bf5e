package dev.herald.sidecar.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.HttpReply;
import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.http.Route;

import java.util.List;

import static dev.herald.sidecar.admin.AdminJson.JSON;

/** {@code GET /admin/event-bus}: the configured buses, the buckets publishing to them and their rules, as the config declares them. */
final class EventBusRoutes {
    private final List<HeraldConfig.Bus> buses;

    EventBusRoutes(List<HeraldConfig.Bus> buses) {
        this.buses = buses;
    }

    List<Route> routes() {
        return List.of(Route.of("GET", "/admin/event-bus", e -> buses()));
    }

    private HttpReply buses() {
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
        return AdminJson.ok(root);
    }
}
