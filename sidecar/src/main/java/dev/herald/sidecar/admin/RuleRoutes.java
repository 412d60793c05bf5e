package dev.herald.sidecar.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.HttpReply;
import dev.herald.sidecar.http.Exchange;
import dev.herald.sidecar.http.Route;
import dev.herald.sidecar.routing.Rules;

import java.io.UncheckedIOException;
import java.util.List;

import static dev.herald.sidecar.admin.AdminJson.JSON;

/**
 * {@code GET /admin/rules[?bucket=B]}: each bucket's rules per dialect, exactly as that vendor's
 * GET {@code ?notification} answers them; at most {@code limit} (default 100) buckets by name.
 */
final class RuleRoutes {
    private final Rules rules;

    RuleRoutes(Rules rules) {
        this.rules = rules;
    }

    List<Route> routes() {
        return List.of(Route.of("GET", "/admin/rules", this::list));
    }

    private HttpReply list(Exchange e) {
        String only = e.query("bucket");
        int limit = e.query("limit") == null ? 100 : AdminJson.limit(e.query("limit"));
        ObjectNode root = JSON.createObjectNode();
        ArrayNode buckets = root.putArray("buckets");
        List<String> names = only != null ? List.of(only) : rules.bucketsWithRules().stream().sorted().limit(limit).toList();
        for (String bucket : names) {
            ObjectNode documents = JSON.createObjectNode();
            rules.apiDocuments(bucket).forEach((dialect, json) -> documents.set(dialect, parse(json)));
            if (!documents.isEmpty()) {
                buckets.addObject().put("bucket", bucket).set("rules", documents);
            }
        }
        return AdminJson.ok(root);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException x) {
            throw new UncheckedIOException(x);
        }
    }
}
