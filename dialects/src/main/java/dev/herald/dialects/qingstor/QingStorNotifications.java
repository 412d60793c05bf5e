package dev.herald.dialects.qingstor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A bucket's QingStor rules: the {@code {"notifications":[...]}} document exactly as the client put
 * it (compacted; field names, order and spellings kept, so {@code "event_types":"create_object"}
 * stays a string and {@code object_filter} stays singular), which Herald stores and GET answers;
 * and the rules read from it for matching.
 *
 * <p>Reading does not validate ({@link QingStorRuleValidator} did, before the document was stored)
 * and takes both spellings QingStor's documents use: {@code object_filters} and the GET page's
 * {@code object_filter}, each a list or one string.
 */
record QingStorNotifications(String json, List<Rule> rules) {
    static final String NOTIFICATIONS = "notifications";
    /** What GET answers for a bucket without rules. */
    static final String NONE_JSON = "{\"notifications\":[]}";
    static final String DEFAULT_KEY_PREFIX = "gen";
    static final String DEFAULT_KEY_SEPARATOR = "_";
    private static final ObjectMapper JSON = new ObjectMapper();

    QingStorNotifications {
        rules = List.copyOf(rules);
    }

    static QingStorNotifications fromStoredJson(String json) {
        try {
            return of(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored QingStor rules are not readable: " + e.getOriginalMessage(), e);
        }
    }

    static QingStorNotifications of(JsonNode root) {
        List<Rule> rules = new ArrayList<>();
        root.path(NOTIFICATIONS).forEach(rule -> rules.add(Rule.of(rule)));
        return new QingStorNotifications(root.toString(), rules);
    }

    /**
     * One rule.
     *
     * @param eventTypes rule event types ({@code create_object}, ...)
     * @param filters    object name patterns; empty matches every object
     * @param notifyUrl  {@code null} when absent (allowed for {@code image})
     * @param image      the {@code cloudfunc_args} of an {@code image} rule, else {@code null}
     */
    record Rule(String id, Set<String> eventTypes, List<QingStorGlob> filters, QingStorCloudfunc cloudfunc,
                String notifyUrl, ImageArgs image) {
        Rule {
            eventTypes = Set.copyOf(eventTypes);
            filters = List.copyOf(filters);
        }

        /** True when the rule is for {@code ruleEventType} and one of its filters (or none) matches {@code key}. */
        boolean covers(String ruleEventType, String key) {
            return eventTypes.contains(ruleEventType)
                    && (filters.isEmpty() || filters.stream().anyMatch(filter -> filter.matches(key)));
        }

        static Rule of(JsonNode rule) {
            List<QingStorGlob> filters = new ArrayList<>();
            JsonNode filterNode = rule.hasNonNull("object_filters") ? rule.get("object_filters") : rule.get("object_filter");
            textOrTexts(filterNode).forEach(pattern -> filters.add(QingStorGlob.compile(pattern)));
            QingStorCloudfunc cloudfunc = QingStorCloudfunc.of(text(rule, "cloudfunc"))
                    .orElseThrow(() -> new IllegalArgumentException("stored QingStor rule has no known cloudfunc: " + rule));
            return new Rule(text(rule, "id"), new LinkedHashSet<>(textOrTexts(rule.get("event_types"))), filters, cloudfunc,
                    text(rule, "notify_url"), cloudfunc == QingStorCloudfunc.IMAGE ? ImageArgs.of(rule.path("cloudfunc_args")) : null);
        }
    }

    /**
     * The {@code cloudfunc_args} of an {@code image} rule, QingStor's defaults filled in.
     *
     * @param keySeparate {@code key_seprate}, QingStor's spelling
     * @param saveBucket  {@code null} for the rule's own bucket
     */
    record ImageArgs(String action, String keyPrefix, String keySeparate, String saveBucket) {
        static ImageArgs of(JsonNode args) {
            String prefix = text(args, "key_prefix");
            String separator = text(args, "key_seprate");
            return new ImageArgs(text(args, "action"), prefix == null ? DEFAULT_KEY_PREFIX : prefix,
                    separator == null ? DEFAULT_KEY_SEPARATOR : separator, text(args, "save_bucket"));
        }

        /** What result keys start with: {@code key_prefix + key_seprate}. */
        String resultPrefix() {
            return keyPrefix + keySeparate;
        }
    }

    /** A string field, {@code null} when absent or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** A field QingStor allows as a list of strings or one string; empty when absent. */
    static List<String> textOrTexts(JsonNode value) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            return List.of(value.asText());
        }
        List<String> texts = new ArrayList<>();
        value.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
