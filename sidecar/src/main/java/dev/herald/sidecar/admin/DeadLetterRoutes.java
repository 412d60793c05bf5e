package dev.herald.sidecar.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.OutboundPush;
import dev.herald.sidecar.delivery.Dispatcher;
import dev.herald.sidecar.http.Exchange;
import dev.herald.sidecar.http.JsonReply;
import dev.herald.sidecar.http.Route;
import dev.herald.sidecar.storage.DeadLetterStore;
import dev.herald.sidecar.storage.Delivery;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.time.Instant;
import java.util.List;

import static dev.herald.sidecar.admin.AdminJson.JSON;

/**
 * {@code /admin/dead-letters}: list (newest first, {@code ?limit=&before=}), inspect one with its
 * attempt log and push, replay one or all that died since a time (under the same delivery id, with a fresh
 * budget), purge one or all that died before a time. Times are RFC 3339.
 */
final class DeadLetterRoutes {
    private final DeadLetterStore deadLetters;
    private final Dispatcher dispatcher;
    private final Clock clock;

    DeadLetterRoutes(DeadLetterStore deadLetters, Dispatcher dispatcher, Clock clock) {
        this.deadLetters = deadLetters;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/admin/dead-letters", this::list),
                Route.of("DELETE", "/admin/dead-letters", this::purgeBefore),
                Route.of("POST", "/admin/dead-letters/replay", this::replaySince),
                Route.of("GET", "/admin/dead-letters/{id}", this::show),
                Route.of("DELETE", "/admin/dead-letters/{id}", this::purgeOne),
                Route.of("POST", "/admin/dead-letters/{id}/replay", this::replayOne));
    }

    private HttpReply list(Exchange e) {
        int limit = e.query("limit") == null ? 100 : AdminJson.limit(e.query("limit"));
        long before = AdminJson.time(e, "before").orElse(Long.MAX_VALUE);
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("deadLetters");
        deadLetters.list(limit, before).forEach(d -> list.add(letter(d)));
        return AdminJson.ok(root);
    }

    private HttpReply show(Exchange e) {
        String id = e.path().get("id");
        return deadLetters.find(id).map(d -> {
            ObjectNode node = letter(d);
            ArrayNode attempts = node.putArray("attemptLog");
            deadLetters.attempts(id).forEach(a -> {
                ObjectNode n = attempts.addObject().put("number", a.number())
                        .put("startedAt", Instant.ofEpochMilli(a.startedAt()).toString()).put("durationMs", a.durationMillis());
                AdminJson.putNullable(n, "status", a.status());
                n.put("error", a.error());
            });
            deadLetters.push(id).ifPresent(p -> node.set("push", push(p)));
            return AdminJson.ok(node);
        }).orElse(JsonReply.error(404, "no_such_dead_letter", id + " is not a dead letter"));
    }

    private HttpReply replaySince(Exchange e) {
        long since = AdminJson.time(e, "since").orElseThrow(() -> new IllegalArgumentException("replay needs ?since=<RFC 3339 time>"));
        return replayed(replay(deadLetters.idsDiedSince(since)));
    }

    private HttpReply replayOne(Exchange e) {
        String id = e.path().get("id");
        List<Delivery> replayed = replay(List.of(id));
        return replayed.isEmpty() ? JsonReply.error(404, "no_such_dead_letter", id + " is not a dead letter") : replayed(replayed);
    }

    private List<Delivery> replay(List<String> ids) {
        List<Delivery> replayed = deadLetters.replay(ids, clock.millis());
        dispatcher.admit(replayed);
        return replayed;
    }

    private HttpReply purgeBefore(Exchange e) {
        long before = AdminJson.time(e, "before").orElseThrow(() -> new IllegalArgumentException("DELETE needs ?before=<RFC 3339 time>"));
        return AdminJson.ok(JSON.createObjectNode().put("purged", deadLetters.purge(null, before)));
    }

    private HttpReply purgeOne(Exchange e) {
        String id = e.path().get("id");
        return deadLetters.purge(id, 0) == 1 ? AdminJson.ok(JSON.createObjectNode().put("purged", 1))
                : JsonReply.error(404, "no_such_dead_letter", id + " is not a dead letter, or waits for its failure report");
    }

    private static HttpReply replayed(List<Delivery> replayed) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode ids = root.putArray("replayed");
        replayed.forEach(d -> ids.add(d.id()));
        return AdminJson.ok(root);
    }

    /** The push as stored: what a replay sends, before the signature headers each attempt adds; never the signing key. */
    private static ObjectNode push(OutboundPush p) {
        ObjectNode n = JSON.createObjectNode().put("method", p.method()).put("url", p.targetUrl())
                .put("contentType", p.contentType());
        ObjectNode headers = n.putObject("headers");
        p.headers().forEach(headers::put);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        try {
            return n.put("body", utf8.decode(ByteBuffer.wrap(p.body())).toString()).put("bodyEncoding", "utf-8");
        } catch (CharacterCodingException binary) {
            return n.put("body", Base64.getEncoder().encodeToString(p.body())).put("bodyEncoding", "base64");
        }
    }

    private static ObjectNode letter(DeadLetterStore.DeadLetter d) {
        ObjectNode n = JSON.createObjectNode().put("id", d.id()).put("dialect", d.dialect()).put("bucket", d.bucket())
                .put("ruleId", d.ruleId()).put("eventId", d.eventId()).put("targetUrl", d.targetUrl())
                .put("method", d.method()).put("attempts", d.attempts())
                .put("createdAt", Instant.ofEpochMilli(d.createdAt()).toString())
                .put("diedAt", Instant.ofEpochMilli(d.diedAt()).toString());
        AdminJson.putNullable(n, "lastStatus", d.lastStatus());
        return n.put("lastError", d.lastError());
    }
}
