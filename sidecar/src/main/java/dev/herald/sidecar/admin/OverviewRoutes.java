package dev.herald.sidecar.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.HttpReply;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.metrics.MinuteSampler;
import dev.herald.sidecar.metrics.MinuteSamples;
import dev.herald.sidecar.http.Route;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.herald.sidecar.admin.AdminJson.JSON;

/**
 * {@code GET /admin/overview}: what the console's first page shows. Counts since start by producer
 * and by dialect (the same counters {@code /metrics} exposes), the queue now, and the last hour a
 * point a minute: events stored and deliveries made per minute, queue depth, oldest pending age,
 * dead letters. A level the store cannot give is {@code null}.
 */
final class OverviewRoutes {
    private static final List<String> OUTCOMES = List.of("succeeded", "retried", "dead");

    private final HeraldMetrics metrics;
    private final MinuteSampler sampler;

    OverviewRoutes(HeraldMetrics metrics, MinuteSampler sampler) {
        this.metrics = metrics;
        this.sampler = sampler;
    }

    List<Route> routes() {
        return List.of(Route.of("GET", "/admin/overview", e -> overview()));
    }

    private HttpReply overview() {
        MinuteSamples.Sample now = sampler.now();
        ObjectNode root = JSON.createObjectNode().put("at", Instant.ofEpochMilli(now.at()).toString());
        ObjectNode ingest = root.putObject("ingest");
        ingest.set("received", counts(metrics.totals("herald.events.received", "producer", null, null)));
        ingest.set("stored", counts(metrics.totals("herald.events.stored", "producer", null, null)));
        ingest.set("duplicates", counts(metrics.totals("herald.events.duplicate", "producer", null, null)));
        ingest.set("rejected", counts(metrics.totals("herald.ingest.rejected", "producer", null, null)));
        ObjectNode queue = root.putObject("queue");
        number(queue, "pending", now.pending());
        number(queue, "oldestPendingSeconds", now.oldestPendingSeconds());
        number(root, "deadLetters", now.deadLetters());
        ObjectNode dialects = root.putObject("deliveries");
        for (String outcome : OUTCOMES) {
            metrics.totals("herald.deliveries", "dialect", "outcome", outcome)
                    .forEach((dialect, n) -> dialects.with(dialect).put(outcome, n.longValue()));
        }
        List<MinuteSamples.Sample> points = new ArrayList<>(sampler.samples().all());
        points.add(now);
        ArrayNode history = root.putArray("lastHour");
        for (int i = 1; i < points.size(); i++) {
            MinuteSamples.Sample a = points.get(i - 1);
            MinuteSamples.Sample b = points.get(i);
            double minutes = Math.max(1, b.at() - a.at()) / 60_000.0;
            ObjectNode p = history.addObject().put("at", Instant.ofEpochMilli(b.at()).toString());
            number(p, "storedPerMinute", (b.eventsStored() - a.eventsStored()) / minutes);
            number(p, "deliveredPerMinute", (b.delivered() - a.delivered()) / minutes);
            number(p, "pending", b.pending());
            number(p, "oldestPendingSeconds", b.oldestPendingSeconds());
            number(p, "deadLetters", b.deadLetters());
        }
        return AdminJson.ok(root);
    }

    private static ObjectNode counts(Map<String, Double> totals) {
        ObjectNode n = JSON.createObjectNode();
        totals.forEach((k, v) -> n.put(k, v.longValue()));
        return n;
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else if (value == Math.rint(value)) {
            node.put(field, (long) value);
        } else {
            node.put(field, Math.round(value * 100) / 100.0);
        }
    }
}
