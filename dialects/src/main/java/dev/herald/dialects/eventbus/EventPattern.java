package dev.herald.dialects.eventbus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A bus rule's event pattern, in the EventBridge style Baidu's rules use
 * ({@code {"source":["App_DEMO"]}}).
 *
 * <p><b>Shape.</b> A JSON object whose keys are event fields: {@code source}, {@code type},
 * {@code subject}, {@code region}, {@code level}, {@code resourceType}, {@code accountId},
 * {@code id}, and {@code data}, an object whose keys are fields inside the event's data, nested to
 * any depth. Every other key is refused. A field's pattern is a non-empty array of matchers; the
 * field matches when any of them matches; the event matches when every field in the pattern
 * matches. {@code {}} matches every event.
 *
 * <p><b>Matchers.</b>
 * <ul>
 *   <li>a string, number, boolean or {@code null}: equal to the event's value (numbers compare
 *       by value, {@code 5} equals {@code 5.0}; a string never equals a number);</li>
 *   <li>{@code {"prefix":"x"}}, {@code {"suffix":"x"}}: a string value starting / ending with x;</li>
 *   <li>{@code {"anything-but": v}} with v a string or number, an array of them, or
 *       {@code {"prefix":"x"}} / {@code {"suffix":"x"}}: a value that is present and not one of
 *       them (for prefix / suffix: a string value not starting / ending with x);</li>
 *   <li>{@code {"exists": true}}: the field is present; {@code {"exists": false}}: it is not;</li>
 *   <li>{@code {"numeric": [">", 0, "<=", 5]}}: a number satisfying every operator-number pair
 *       (one or two pairs; operators {@code <}, {@code <=}, {@code =}, {@code >=}, {@code >}).</li>
 * </ul>
 *
 * <p><b>Values.</b> As in EventBridge: when the event's value is an array, the field matches when
 * any element matches. A missing field (or an empty array) has no value, so only
 * {@code exists:false} matches it; in particular {@code anything-but} does not. JSON
 * {@code null} is a value for {@code exists} and for the {@code null} matcher but for no other
 * matcher. Matchers only look at leaf values (never at objects): {@code exists:true} on a field
 * holding an object is false. A nested pattern over an array of objects matches when one element
 * matches the whole nested pattern (EventBridge matches each field across elements separately).
 */
public final class EventPattern {
    private static final Set<String> TOP_LEVEL_FIELDS =
            Set.of("source", "type", "subject", "region", "level", "resourceType", "accountId", "id", "data");
    private static final Map<String, Function<BusEvent, String>> ATTRIBUTES = Map.of(
            "source", BusEvent::source, "type", BusEvent::type, "subject", BusEvent::subject,
            "region", BusEvent::region, "level", BusEvent::level, "resourceType", BusEvent::resourceType,
            "accountId", BusEvent::accountId, "id", BusEvent::id);
    private static final Set<String> NUMERIC_OPERATORS = Set.of("<", "<=", "=", ">=", ">");

    private final String json;
    private final Map<String, FieldPattern> fields;

    private EventPattern(String json, Map<String, FieldPattern> fields) {
        this.json = json;
        this.fields = fields;
    }

    /**
     * @throws IllegalArgumentException when {@code pattern} is not a valid pattern; the message says
     *                                  which field and why, starting with {@code event pattern}
     */
    public static EventPattern compile(JsonNode pattern) {
        if (pattern == null || !pattern.isObject()) {
            throw refused("", "must be a JSON object such as {\"source\":[\"App_DEMO\"]}");
        }
        Map<String, FieldPattern> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : pattern.properties()) {
            String key = e.getKey();
            if (!TOP_LEVEL_FIELDS.contains(key)) {
                throw refused(key, "is not a field a pattern may use; use source, type, subject, region, level, "
                        + "resourceType, accountId, id or data (fields inside the event's data go under data)");
            }
            if (key.equals("data") && !e.getValue().isObject()) {
                throw refused(key, "must be an object of fields inside the event's data, like {\"level\":[\"error\"]}");
            }
            if (!key.equals("data") && !e.getValue().isArray()) {
                throw refused(key, "must be an array of matchers, like [\"App_DEMO\"] or [{\"prefix\":\"App_\"}]");
            }
            fields.put(key, field(e.getValue(), key));
        }
        return new EventPattern(pattern.toString(), Map.copyOf(fields));
    }

    /** @throws IllegalArgumentException when {@code json} is not JSON or not a valid pattern */
    public static EventPattern parse(String json) {
        try {
            return compile(EventBusJson.MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event pattern is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public boolean matches(BusEvent event) {
        for (Map.Entry<String, FieldPattern> e : fields.entrySet()) {
            JsonNode value;
            if (e.getKey().equals("data")) {
                value = event.dataView();
            } else {
                String attribute = ATTRIBUTES.get(e.getKey()).apply(event);
                value = attribute == null ? null : TextNode.valueOf(attribute);
            }
            if (!e.getValue().matches(value)) {
                return false;
            }
        }
        return true;
    }

    /** The pattern as JSON. */
    @Override
    public String toString() {
        return json;
    }

    private static FieldPattern field(JsonNode pattern, String path) {
        if (pattern.isArray()) {
            if (pattern.isEmpty()) {
                throw refused(path, "must not be an empty array; list at least one matcher");
            }
            List<Matcher> matchers = new ArrayList<>();
            for (int i = 0; i < pattern.size(); i++) {
                matchers.add(matcher(pattern.get(i), path + "[" + i + "]"));
            }
            return new Leaf(List.copyOf(matchers));
        }
        if (pattern.isObject()) {
            if (pattern.isEmpty()) {
                throw refused(path, "must not be an empty object; name fields to match, or leave " + path + " out");
            }
            Map<String, FieldPattern> children = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : pattern.properties()) {
                children.put(e.getKey(), field(e.getValue(), path + "." + e.getKey()));
            }
            return new Nested(Map.copyOf(children));
        }
        throw refused(path, "must be an array of matchers or an object of nested fields, not " + pattern);
    }

    private static Matcher matcher(JsonNode m, String path) {
        if (m.isTextual() || m.isNumber() || m.isBoolean() || m.isNull()) {
            return new AnyValue(v -> sameValue(v, m));
        }
        if (!m.isObject() || m.size() != 1) {
            throw refused(path, "must be a value or an object with exactly one matcher "
                    + "(prefix, suffix, anything-but, exists, numeric), not " + m);
        }
        Map.Entry<String, JsonNode> e = m.properties().iterator().next();
        JsonNode arg = e.getValue();
        String at = path + "." + e.getKey();
        return switch (e.getKey()) {
            case "prefix" -> {
                String prefix = string(arg, at);
                yield new AnyValue(v -> v.isTextual() && v.textValue().startsWith(prefix));
            }
            case "suffix" -> {
                String suffix = string(arg, at);
                yield new AnyValue(v -> v.isTextual() && v.textValue().endsWith(suffix));
            }
            case "anything-but" -> anythingBut(arg, at);
            case "exists" -> {
                if (!arg.isBoolean()) {
                    throw refused(at, "must be true or false, not " + arg);
                }
                yield new Exists(arg.booleanValue());
            }
            case "numeric" -> numeric(arg, at);
            default -> throw refused(path, "uses the unknown matcher '" + e.getKey()
                    + "'; Herald knows prefix, suffix, anything-but, exists and numeric");
        };
    }

    private static Matcher anythingBut(JsonNode arg, String path) {
        if (arg.isObject()) {
            if (arg.size() == 1 && arg.has("prefix")) {
                String prefix = string(arg.get("prefix"), path + ".prefix");
                return new AnyValue(v -> v.isTextual() && !v.textValue().startsWith(prefix));
            }
            if (arg.size() == 1 && arg.has("suffix")) {
                String suffix = string(arg.get("suffix"), path + ".suffix");
                return new AnyValue(v -> v.isTextual() && !v.textValue().endsWith(suffix));
            }
            throw refused(path, "must be a string, a number, an array of them, {\"prefix\":...} or "
                    + "{\"suffix\":...}, not " + arg);
        }
        List<JsonNode> excluded = new ArrayList<>();
        if (arg.isArray()) {
            if (arg.isEmpty()) {
                throw refused(path, "must not be an empty array");
            }
            arg.forEach(excluded::add);
        } else {
            excluded.add(arg);
        }
        for (JsonNode x : excluded) {
            if (!x.isTextual() && !x.isNumber()) {
                throw refused(path, "may only list strings and numbers, not " + x);
            }
        }
        return new AnyValue(v -> !v.isNull() && excluded.stream().noneMatch(x -> sameValue(v, x)));
    }

    private static Matcher numeric(JsonNode arg, String path) {
        if (!arg.isArray() || (arg.size() != 2 && arg.size() != 4)) {
            throw refused(path, "must be one or two operator-number pairs, like [\">\", 0] or [\">\", 0, \"<=\", 5], "
                    + "not " + arg);
        }
        List<Predicate<BigDecimal>> conditions = new ArrayList<>();
        for (int i = 0; i < arg.size(); i += 2) {
            JsonNode op = arg.get(i);
            JsonNode bound = arg.get(i + 1);
            if (!op.isTextual() || !NUMERIC_OPERATORS.contains(op.textValue())) {
                throw refused(path + "[" + i + "]", "must be one of <, <=, =, >=, >, not " + op);
            }
            if (!bound.isNumber()) {
                throw refused(path + "[" + (i + 1) + "]", "must be a number, not " + bound);
            }
            BigDecimal limit = bound.decimalValue();
            conditions.add(switch (op.textValue()) {
                case "<" -> x -> x.compareTo(limit) < 0;
                case "<=" -> x -> x.compareTo(limit) <= 0;
                case "=" -> x -> x.compareTo(limit) == 0;
                case ">=" -> x -> x.compareTo(limit) >= 0;
                default -> x -> x.compareTo(limit) > 0;
            });
        }
        return new AnyValue(v -> v.isNumber() && conditions.stream().allMatch(c -> c.test(v.decimalValue())));
    }

    private static boolean sameValue(JsonNode value, JsonNode expected) {
        if (value.isNumber() && expected.isNumber()) {
            return value.decimalValue().compareTo(expected.decimalValue()) == 0;
        }
        return value.getNodeType() == expected.getNodeType() && value.equals(expected);
    }

    private static String string(JsonNode arg, String path) {
        if (!arg.isTextual()) {
            throw refused(path, "must be a string, not " + arg);
        }
        return arg.textValue();
    }

    private static IllegalArgumentException refused(String path, String reason) {
        return new IllegalArgumentException("event pattern" + (path.isEmpty() ? "" : " field " + path) + " " + reason);
    }

    /** The pattern of one field, given the field's value ({@code null} when the event lacks it). */
    private sealed interface FieldPattern permits Leaf, Nested {
        boolean matches(JsonNode value);
    }

    /** Matchers on the field's leaf values: the value, or an array's elements; never objects. */
    private record Leaf(List<Matcher> matchers) implements FieldPattern {
        @Override
        public boolean matches(JsonNode value) {
            List<JsonNode> leaves = new ArrayList<>();
            if (value != null && value.isArray()) {
                value.forEach(leaves::add);
            } else if (value != null) {
                leaves.add(value);
            }
            leaves.removeIf(JsonNode::isContainerNode);
            return matchers.stream().anyMatch(m -> m.matches(leaves));
        }
    }

    private record Nested(Map<String, FieldPattern> children) implements FieldPattern {
        @Override
        public boolean matches(JsonNode value) {
            if (value != null && value.isArray()) {
                boolean anyObject = false;
                for (JsonNode element : value) {
                    if (element.isObject()) {
                        anyObject = true;
                        if (matchesObject(element)) {
                            return true;
                        }
                    }
                }
                if (anyObject) {
                    return false;
                }
            }
            // Not an object (or missing): every child is missing, which exists:false still matches.
            return matchesObject(value != null && value.isObject() ? value : null);
        }

        private boolean matchesObject(JsonNode object) {
            return children.entrySet().stream()
                    .allMatch(c -> c.getValue().matches(object == null ? null : object.get(c.getKey())));
        }
    }

    private sealed interface Matcher permits AnyValue, Exists {
        boolean matches(List<JsonNode> leaves);
    }

    private record AnyValue(Predicate<JsonNode> test) implements Matcher {
        @Override
        public boolean matches(List<JsonNode> leaves) {
            return leaves.stream().anyMatch(test);
        }
    }

    private record Exists(boolean expected) implements Matcher {
        @Override
        public boolean matches(List<JsonNode> leaves) {
            return leaves.isEmpty() != expected;
        }
    }
}
