package dev.herald.sidecar.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.HttpReply;
import dev.herald.sidecar.delivery.Dispatcher;
import dev.herald.sidecar.delivery.DisabledTargets;
import dev.herald.sidecar.http.Exchange;
import dev.herald.sidecar.http.JsonReply;
import dev.herald.sidecar.http.Route;

import java.time.Instant;
import java.util.List;

import static dev.herald.sidecar.admin.AdminJson.JSON;

/** {@code /admin/destinations}: every destination's lane, and the URLs disabled after a {@code 410 Gone} (re-enable one). */
final class DestinationRoutes {
    private final Dispatcher dispatcher;
    private final DisabledTargets disabledTargets;

    DestinationRoutes(Dispatcher dispatcher, DisabledTargets disabledTargets) {
        this.dispatcher = dispatcher;
        this.disabledTargets = disabledTargets;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/admin/destinations", this::lanes),
                Route.of("GET", "/admin/destinations/disabled", this::disabled),
                Route.of("DELETE", "/admin/destinations/disabled", this::enable));
    }

    private HttpReply lanes(Exchange e) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("destinations");
        dispatcher.destinations().forEach(d -> list.addObject().put("destination", d.destination()).put("circuit", d.circuit())
                .put("timesOpened", d.timesOpened()).put("held", d.held()).put("backlogInStore", d.backlogInStore())
                .put("ready", d.ready()).put("sending", d.sending()).put("rateLimit", d.rateLimit()));
        return AdminJson.ok(root);
    }

    private HttpReply disabled(Exchange e) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("disabled");
        disabledTargets.list().forEach(d -> list.addObject().put("url", d.targetUrl())
                .put("disabledAt", Instant.ofEpochMilli(d.disabledAt()).toString()).put("reason", d.reason()));
        return AdminJson.ok(root);
    }

    private HttpReply enable(Exchange e) {
        String url = e.query("url");
        if (url == null) {
            return JsonReply.error(400, "bad_request", "DELETE needs ?url=<the disabled target URL, URL-encoded>");
        }
        return disabledTargets.enable(url) ? AdminJson.ok(JSON.createObjectNode().put("enabled", url))
                : JsonReply.error(404, "not_disabled", url + " is not disabled");
    }
}
