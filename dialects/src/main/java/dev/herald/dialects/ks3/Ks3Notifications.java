package dev.herald.dialects.ks3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A bucket's KS3 rules: the document {@code {"Notifications":[...]}} exactly as the client sent
 * it (compacted: what Herald stores and GET answers, so {@code "Enabled":"true"} stays a string and
 * an absent {@code Method} stays absent), and the rules read from it for matching and reports.
 *
 * <p>Reading does not validate: {@link Ks3RuleValidator} did that before the document was stored,
 * and stored rules must keep working even if a later Herald validates more strictly.
 */
record Ks3Notifications(String json, List<Rule> rules) {
    static final String NOTIFICATIONS = "Notifications";
    private static final ObjectMapper JSON = new ObjectMapper();

    Ks3Notifications {
        rules = List.copyOf(rules);
    }

    static Ks3Notifications fromStoredJson(String json) {
        try {
            return of(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored KS3 rules are not readable: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a document: {@code Notifications} in order, each rule's fields by KS3's names. */
    static Ks3Notifications of(JsonNode root) {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode rule : root.path(NOTIFICATIONS)) {
            rules.add(Rule.of(rule));
        }
        try {
            return new Ks3Notifications(JSON.writeValueAsString(root), rules);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<Rule> rule(String ruleId) {
        return rules.stream().filter(r -> r.ruleId().equals(ruleId)).findFirst();
    }

    /**
     * One rule.
     *
     * @param method    push method, {@code POST} when the rule names none
     * @param events    concrete KS3 events, wildcards expanded
     * @param resources as listed; empty means the whole bucket
     * @param report    {@code null} without a {@code Report}
     */
    record Rule(String ruleId, String method, Set<String> events, List<Ks3Resource> resources,
                List<String> callbackUrls, Report report) {
        static final String DEFAULT_METHOD = "POST";

        Rule {
            events = Set.copyOf(events);
            resources = List.copyOf(resources);
            callbackUrls = List.copyOf(callbackUrls);
        }

        /** True when the rule is for {@code ks3Event} and one of its resources covers {@code key}. */
        boolean covers(String ks3Event, String key) {
            return events.contains(ks3Event) && (resources.isEmpty() || resources.stream().anyMatch(r -> r.matches(key)));
        }

        static Rule of(JsonNode rule) {
            Set<String> events = new LinkedHashSet<>();
            rule.path("Events").forEach(e -> events.addAll(Ks3EventNames.expand(e.asText())));
            List<Ks3Resource> resources = new ArrayList<>();
            rule.path("Resources").forEach(r -> resources.add(new Ks3Resource(text(r, "Prefix"), text(r, "Suffix"))));
            List<String> callbackUrls = new ArrayList<>();
            rule.path("Destinations").forEach(d -> callbackUrls.add(text(d, "CallbackUrl")));
            String method = text(rule, "Method");
            return new Rule(text(rule, "RuleId"), method == null ? DEFAULT_METHOD : method, events, resources,
                    callbackUrls, Report.of(rule.get("Report")));
        }
    }

    /** A rule's {@code Report}: where its failed pushes are reported. {@code prefix} is {@code ""} when absent. */
    record Report(boolean enabled, String bucket, String prefix) {
        static Report of(JsonNode report) {
            if (report == null || !report.isObject()) {
                return null;
            }
            JsonNode enabled = report.path("Enabled");
            String prefix = text(report, "Prefix");
            // KS3's documentation sends "true", its Go SDK true: both mean enabled.
            return new Report(enabled.isBoolean() ? enabled.booleanValue() : "true".equals(enabled.textValue()),
                    text(report, "Bucket"), prefix == null ? "" : prefix);
        }
    }

    /** A text field, {@code null} when absent or JSON null. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
