package dev.herald.sidecar.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.StoreUnavailableException;
import dev.herald.sidecar.backend.WiredBuckets;
import dev.herald.sidecar.delivery.DeadLetters;
import dev.herald.sidecar.delivery.DeliveryEngine;
import dev.herald.sidecar.delivery.DisabledTargets;
import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.rules.RuleStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
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
    private final DeadLetters deadLetters;
    private final DisabledTargets disabledTargets;
    private final Supplier<List<DeliveryEngine.DestinationState>> destinations;
    private final Clock clock;

    public AdminRoutes(String token, List<HeraldConfig.Bus> buses, RuleStore rules, WiredBuckets wiring,
                       DeadLetters deadLetters, DisabledTargets disabledTargets,
                       Supplier<List<DeliveryEngine.DestinationState>> destinations, Clock clock) {
        this.disabledTargets = disabledTargets;
        this.destinations = destinations;
        this.token = token;
        this.buses = buses;
        this.rules = rules;
        this.wiring = wiring;
        this.deadLetters = deadLetters;
        this.clock = clock;
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
        if (path.equals("/admin/dead-letters") || path.startsWith("/admin/dead-letters/")) {
            try {
                return deadLetters(request, path.substring("/admin/dead-letters".length()));
            } catch (IllegalArgumentException e) {
                return JsonReply.error(400, "bad_request", e.getMessage());
            }
        }
        if (path.equals("/admin/destinations")) {
            if (!request.method().equals("GET")) {
                return JsonReply.error(405, "method_not_allowed", "use GET");
            }
            ObjectNode root = JSON.createObjectNode();
            ArrayNode list = root.putArray("destinations");
            destinations.get().forEach(d -> list.addObject().put("destination", d.destination()).put("circuit", d.circuit())
                    .put("timesOpened", d.timesOpened()).put("held", d.held()).put("backlogInStore", d.backlogInStore())
                    .put("ready", d.ready()).put("sending", d.sending()));
            return json(root);
        }
        if (path.equals("/admin/destinations/disabled")) {
            return switch (request.method()) {
                case "GET" -> {
                    ObjectNode root = JSON.createObjectNode();
                    ArrayNode list = root.putArray("disabled");
                    disabledTargets.list().forEach(d -> list.addObject().put("url", d.targetUrl())
                            .put("disabledAt", Instant.ofEpochMilli(d.disabledAt()).toString()).put("reason", d.reason()));
                    yield json(root);
                }
                case "DELETE" -> {
                    String url = request.queryParams().stream().filter(e -> e.getKey().equals("url")).findFirst()
                            .map(java.util.Map.Entry::getValue).orElse(null);
                    if (url == null) {
                        yield JsonReply.error(400, "bad_request", "DELETE needs ?url=<the disabled target URL, URL-encoded>");
                    }
                    yield disabledTargets.enable(url) ? json(JSON.createObjectNode().put("enabled", url))
                            : JsonReply.error(404, "not_disabled", url + " is not disabled");
                }
                default -> JsonReply.error(405, "method_not_allowed", "use GET or DELETE");
            };
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
     * {@code GET /admin/dead-letters[?limit=&before=]}, {@code GET /admin/dead-letters/{id}},
     * {@code POST /admin/dead-letters/{id}/replay}, {@code POST /admin/dead-letters/replay?since=},
     * {@code DELETE /admin/dead-letters/{id}}, {@code DELETE /admin/dead-letters?before=}; times are
     * RFC 3339 ({@code 2026-11-23T10:00:00Z}).
     */
    private HttpReply deadLetters(HttpRequestView request, String rest) {
        String method = request.method();
        if (rest.isEmpty()) {
            return switch (method) {
                case "GET" -> listDeadLetters(request);
                case "DELETE" -> {
                    long before = time(request, "before").orElseThrow(
                            () -> new IllegalArgumentException("DELETE needs ?before=<RFC 3339 time>"));
                    yield json(JSON.createObjectNode().put("purged", deadLetters.purge(null, before)));
                }
                default -> JsonReply.error(405, "method_not_allowed", "use GET or DELETE");
            };
        }
        if (rest.equals("/replay")) {
            if (!method.equals("POST")) {
                return JsonReply.error(405, "method_not_allowed", "use POST");
            }
            long since = time(request, "since").orElseThrow(() -> new IllegalArgumentException("replay needs ?since=<RFC 3339 time>"));
            return replayed(deadLetters.replay(deadLetters.idsDiedSince(since), clock.millis()));
        }
        String[] parts = rest.substring(1).split("/", -1);
        String id = parts[0];
        if (parts.length == 2 && parts[1].equals("replay")) {
            if (!method.equals("POST")) {
                return JsonReply.error(405, "method_not_allowed", "use POST");
            }
            List<String> replayed = deadLetters.replay(List.of(id), clock.millis());
            return replayed.isEmpty() ? JsonReply.error(404, "no_such_dead_letter", id + " is not a dead letter") : replayed(replayed);
        }
        if (parts.length != 1) {
            return JsonReply.error(404, "no_such_route", request.method() + " " + request.rawPath() + " is not an admin route");
        }
        return switch (method) {
            case "GET" -> deadLetters.find(id).map(d -> {
                ObjectNode node = deadLetter(d);
                ArrayNode attempts = node.putArray("attemptLog");
                deadLetters.attempts(id).forEach(a -> {
                    ObjectNode n = attempts.addObject().put("number", a.number())
                            .put("startedAt", Instant.ofEpochMilli(a.startedAt()).toString()).put("durationMs", a.durationMillis());
                    putNullable(n, "status", a.status());
                    n.put("error", a.error());
                });
                return json(node);
            }).orElse(JsonReply.error(404, "no_such_dead_letter", id + " is not a dead letter"));
            case "DELETE" -> deadLetters.purge(id, 0) == 1 ? json(JSON.createObjectNode().put("purged", 1))
                    : JsonReply.error(404, "no_such_dead_letter", id + " is not a dead letter, or waits for its failure report");
            default -> JsonReply.error(405, "method_not_allowed", "use GET or DELETE");
        };
    }

    private HttpReply listDeadLetters(HttpRequestView request) {
        int limit = request.queryParams().stream().filter(e -> e.getKey().equals("limit")).findFirst()
                .map(e -> parseLimit(e.getValue())).orElse(100);
        long before = time(request, "before").orElse(Long.MAX_VALUE);
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("deadLetters");
        deadLetters.list(limit, before).forEach(d -> list.add(deadLetter(d)));
        return json(root);
    }

    private static int parseLimit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("limit must be 1 to 1000, got '" + text + "'");
    }

    private static java.util.Optional<Long> time(HttpRequestView request, String name) {
        return request.queryParams().stream().filter(e -> e.getKey().equals(name)).findFirst().map(e -> {
            try {
                return Instant.parse(e.getValue()).toEpochMilli();
            } catch (java.time.format.DateTimeParseException x) {
                throw new IllegalArgumentException(name + " must be an RFC 3339 time like 2026-11-23T10:00:00Z, got '"
                        + e.getValue() + "'");
            }
        });
    }

    private static HttpReply replayed(List<String> ids) {
        ObjectNode root = JSON.createObjectNode();
        ids.forEach(root.putArray("replayed")::add);
        return json(root);
    }

    private static ObjectNode deadLetter(DeadLetters.DeadLetter d) {
        ObjectNode n = JSON.createObjectNode().put("id", d.id()).put("dialect", d.dialect()).put("bucket", d.bucket())
                .put("ruleId", d.ruleId()).put("eventId", d.eventId()).put("targetUrl", d.targetUrl())
                .put("method", d.method()).put("attempts", d.attempts())
                .put("createdAt", Instant.ofEpochMilli(d.createdAt()).toString())
                .put("diedAt", Instant.ofEpochMilli(d.diedAt()).toString());
        putNullable(n, "lastStatus", d.lastStatus());
        return n.put("lastError", d.lastError());
    }

    private static void putNullable(ObjectNode node, String field, Integer value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static HttpReply json(ObjectNode body) {
        return new HttpReply(200, Map.of("Content-Type", "application/json"), body.toString().getBytes(StandardCharsets.UTF_8));
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
