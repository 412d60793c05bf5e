package dev.herald.sidecar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.net.TargetGuard;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code herald doctor}'s checks of the rules, read from the running Herald's admin API: every
 * bucket with rules is wired to the backend, and every URL in a rule (and every event-bus target)
 * resolves and passes the SSRF guard. Every http(s) URL of a stored rule document counts: those
 * are the places the vendors' rule formats tell Herald to call.
 */
final class RuleChecks {
    /** The most buckets {@code GET /admin/rules} lists at once. */
    static final int MAX_BUCKETS = 1000;

    private final AdminApi admin;
    private final TargetGuard guard;
    private final DoctorReport report;

    RuleChecks(AdminApi admin, TargetGuard guard, DoctorReport report) {
        this.admin = admin;
        this.guard = guard;
        this.report = report;
    }

    void wiring(URI herald) {
        HeraldHttp.Reply reply = admin.send("GET", "/admin/backend/wiring", null);
        JsonNode body = Json.parse(reply.body()).orElse(Json.MAPPER.createObjectNode());
        if (reply.status() == 409) {
            report.skipped("bucket wiring", "backend.kind is not set, so Herald wires no bucket");
            return;
        }
        if (!reply.ok()) {
            report.fail("bucket wiring: " + Refusals.refused(reply).getMessage(), reply.status() == 401
                    ? "pass --admin-token, or set admin.token to the running Herald's"
                    : "check that the backend runs and that backend.accessKey may read bucket notifications");
            return;
        }
        if (body.path("buckets").isEmpty()) {
            report.ok("bucket wiring: no bucket has rules yet");
        }
        for (JsonNode b : body.path("buckets")) {
            String bucket = b.path("bucket").asText();
            if (b.path("wired").asBoolean()) {
                report.ok("bucket " + bucket + " is wired: the backend sends its events to Herald");
            } else {
                report.fail("bucket " + bucket + " has rules but the backend does not send its events to Herald",
                        "POST " + herald + "/admin/backend/wiring (with the admin token) wires every bucket with rules");
            }
        }
    }

    void destinations(HeraldConfig config) {
        Map<URI, String> targets = new LinkedHashMap<>();
        JsonNode buckets = admin.call("GET", "/admin/rules", "limit=" + MAX_BUCKETS).path("buckets");
        if (buckets.size() == MAX_BUCKETS) {
            report.skipped("destinations of buckets after the first " + MAX_BUCKETS, "the admin API lists at most that many");
        }
        for (JsonNode b : buckets) {
            b.path("rules").fields().forEachRemaining(d -> collectUrls(d.getValue(),
                    "bucket " + b.path("bucket").asText() + ", " + d.getKey(), targets));
        }
        config.eventBus().buses().forEach(bus -> bus.rules().forEach(rule -> rule.targets().forEach(t ->
                parseUrl(t.url()).ifPresent(u -> targets.putIfAbsent(u, "event bus " + bus.id() + ", rule " + rule.name())))));
        if (targets.isEmpty()) {
            report.ok("destinations: no rule names one yet");
        }
        targets.forEach(this::destination);
    }

    private void destination(URI url, String where) {
        String host = url.getHost();
        InetAddress[] addresses;
        try {
            addresses = host == null ? new InetAddress[0] : InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            report.fail("destination " + url + " (" + where + "): " + host + " does not resolve",
                    "fix the rule's URL, or the DNS name of its receiver");
            return;
        }
        Optional<String> refusal = guard.refusal(url);
        if (refusal.isPresent()) {
            report.fail("destination " + url + " (" + where + ") is refused by the SSRF guard: " + refusal.get(),
                    "point the rule at a public receiver, or list this one in delivery.allowTargets");
        } else {
            report.ok("destination " + url + " (" + where + ") resolves to " + addresses[0].getHostAddress() + " and is allowed");
        }
    }

    private static void collectUrls(JsonNode node, String where, Map<URI, String> into) {
        if (node.isTextual()) {
            parseUrl(node.asText()).ifPresent(u -> into.putIfAbsent(u, where));
        }
        node.forEach(child -> collectUrls(child, where, into));
    }

    private static Optional<URI> parseUrl(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
