package dev.herald.dialects.ks3;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.BucketNames;
import dev.herald.dialects.StrictJson;
import dev.herald.dialects.TargetPolicy;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.herald.dialects.ks3.Ks3ErrorCode.InvalidArgument;
import static dev.herald.dialects.ks3.Ks3ErrorCode.MalformedJSON;

/**
 * Validates a PUT Bucket Notification body {@code {"Notifications":[rule...]}} (docs/ks3.md, "Rules").
 * A body that is not one JSON object is {@code MalformedJSON}; every other refusal is
 * {@code InvalidArgument} whose message starts with the offending field's path
 * ({@code Notifications[1].Destinations[0].CallbackUrl ...}).
 *
 * <p>Herald's readings where KS3 is not explicit: field names are case-sensitive and unknown fields
 * are refused (a misspelt {@code Prefx} would otherwise silently widen a rule to the whole
 * bucket); JSON {@code null} counts as absent; {@code Method} is exactly {@code POST} or {@code PUT};
 * an empty {@code Notifications} list is allowed and leaves the bucket without rules. Overlap of
 * resources is defined on {@link Ks3Resource}.
 */
final class Ks3RuleValidator {
    static final int MAX_RULES = 10;
    static final int MAX_RESOURCES = 5;
    static final int MAX_DESTINATIONS = 5;
    static final int MAX_PATH_BYTES = 1024;
    /** Herald's: KS3 documents none. */
    static final int MAX_URL_CHARS = 2048;
    private static final Pattern RULE_ID = Pattern.compile("[a-z][a-zA-Z0-9_]{0,31}");
    private static final List<String> ROOT_FIELDS = List.of(Ks3Notifications.NOTIFICATIONS);
    private static final List<String> RULE_FIELDS = List.of("RuleId", "Method", "Events", "Resources", "Destinations", "Report");
    private static final List<String> RESOURCE_FIELDS = List.of("Prefix", "Suffix");
    private static final List<String> DESTINATION_FIELDS = List.of("DestType", "CallbackUrl");
    private static final List<String> REPORT_FIELDS = List.of("ReportType", "Enabled", "Bucket", "Prefix");
    /** KS3's text says {@code EndPoint}, its examples and Go SDK test say {@code Endpoint}. */
    private static final List<String> DEST_TYPES = List.of("Endpoint", "EndPoint");
    private static final List<String> METHODS = List.of("POST", "PUT");

    private static final ObjectMapper STRICT_JSON = StrictJson.builder().build();

    /** @throws Ks3Exception {@code MalformedJSON} or {@code InvalidArgument} */
    Ks3Notifications validate(byte[] body, TargetPolicy targets) {
        JsonNode root = parse(body);
        onlyFields(root, "", ROOT_FIELDS);
        JsonNode rules = array(required(root, "", Ks3Notifications.NOTIFICATIONS), Ks3Notifications.NOTIFICATIONS, 0, MAX_RULES);
        Map<String, Integer> ruleIndexById = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            rule(rules.get(i), Ks3Notifications.NOTIFICATIONS + "[" + i + "]", i, ruleIndexById, targets);
        }
        Ks3Notifications notifications = Ks3Notifications.of(root);
        rejectOverlapBetweenRules(notifications.rules());
        return notifications;
    }

    private static JsonNode parse(byte[] body) {
        JsonNode root;
        try {
            root = STRICT_JSON.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new Ks3Exception(MalformedJSON, "the request body is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new Ks3Exception(MalformedJSON, "the request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Ks3Exception(MalformedJSON, "the request body must be a JSON object {\"Notifications\":[...]}");
        }
        return root;
    }

    private static void rule(JsonNode node, String path, int index, Map<String, Integer> ruleIndexById, TargetPolicy targets) {
        object(node, path);
        onlyFields(node, path, RULE_FIELDS);

        String idPath = path + ".RuleId";
        String ruleId = string(required(node, path, "RuleId"), idPath);
        if (!RULE_ID.matcher(ruleId).matches()) {
            throw invalid(idPath, "'" + ruleId + "' must start with a lower-case letter followed by at most 31 letters, "
                    + "digits or underscores ([a-z][a-zA-Z0-9_]{0,31})");
        }
        Integer earlier = ruleIndexById.putIfAbsent(ruleId, index);
        if (earlier != null) {
            throw invalid(idPath, "'" + ruleId + "' is already the RuleId of Notifications[" + earlier
                    + "]; RuleIds must be unique");
        }

        optional(node, "Method").ifPresent(m -> oneOf(string(m, path + ".Method"), path + ".Method", METHODS));

        String eventsPath = path + ".Events";
        JsonNode events = array(required(node, path, "Events"), eventsPath, 1, Ks3EventNames.RULE_EVENTS.size());
        for (int i = 0; i < events.size(); i++) {
            String eventPath = eventsPath + "[" + i + "]";
            String event = string(events.get(i), eventPath);
            if (!Ks3EventNames.RULE_EVENTS.contains(event)) {
                throw invalid(eventPath, "'" + event + "' is not a KS3 event; allowed: "
                        + String.join(", ", Ks3EventNames.RULE_EVENTS));
            }
        }

        resources(node, path);

        String destinationsPath = path + ".Destinations";
        JsonNode destinations = array(required(node, path, "Destinations"), destinationsPath, 1, MAX_DESTINATIONS);
        for (int i = 0; i < destinations.size(); i++) {
            destination(destinations.get(i), destinationsPath + "[" + i + "]", targets);
        }

        Optional<JsonNode> report = optional(node, "Report");
        if (report.isPresent()) {
            report(report.get(), path + ".Report");
        }
    }

    private static void resources(JsonNode rule, String rulePath) {
        Optional<JsonNode> listed = optional(rule, "Resources");
        if (listed.isEmpty()) {
            return;
        }
        String path = rulePath + ".Resources";
        JsonNode resources = array(listed.get(), path, 0, MAX_RESOURCES);
        Ks3Resource[] parsed = new Ks3Resource[resources.size()];
        for (int i = 0; i < resources.size(); i++) {
            String resourcePath = path + "[" + i + "]";
            JsonNode resource = resources.get(i);
            object(resource, resourcePath);
            onlyFields(resource, resourcePath, RESOURCE_FIELDS);
            parsed[i] = new Ks3Resource(pathPart(resource, resourcePath, "Prefix"), pathPart(resource, resourcePath, "Suffix"));
            for (int j = 0; j < i; j++) {
                if (parsed[j].overlaps(parsed[i])) {
                    throw invalid(resourcePath, "overlaps " + path + "[" + j + "]: the key '" + parsed[j].commonKey(parsed[i])
                            + "' would match both; the paths of one rule must not overlap");
                }
            }
        }
    }

    /** An optional Prefix/Suffix of at most 1024 UTF-8 bytes, {@code null} when absent. */
    private static String pathPart(JsonNode node, String path, String field) {
        Optional<JsonNode> value = optional(node, field);
        if (value.isEmpty()) {
            return null;
        }
        String fieldPath = path + "." + field;
        String text = string(value.get(), fieldPath);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw invalid(fieldPath, "is " + bytes + " bytes long (UTF-8); at most " + MAX_PATH_BYTES + " are allowed");
        }
        return text;
    }

    private static void destination(JsonNode node, String path, TargetPolicy targets) {
        object(node, path);
        onlyFields(node, path, DESTINATION_FIELDS);
        oneOf(string(required(node, path, "DestType"), path + ".DestType"), path + ".DestType", DEST_TYPES);
        String urlPath = path + ".CallbackUrl";
        String url = string(required(node, path, "CallbackUrl"), urlPath);
        if (url.length() > MAX_URL_CHARS) {
            throw invalid(urlPath, "is " + url.length() + " characters long; at most " + MAX_URL_CHARS + " are allowed");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid(urlPath, "'" + url + "' is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        if (!http || uri.isOpaque()) {
            throw invalid(urlPath, "'" + url + "' must be an absolute http:// or https:// URL");
        }
        if (uri.getHost() == null) {
            throw invalid(urlPath, "'" + url + "' has no valid host name");
        }
        Optional<String> refusal = targets.refusal(uri);
        if (refusal.isPresent()) {
            throw invalid(urlPath, "'" + url + "' is refused: " + refusal.get());
        }
    }

    private static void report(JsonNode node, String path) {
        object(node, path);
        onlyFields(node, path, REPORT_FIELDS);
        oneOf(string(required(node, path, "ReportType"), path + ".ReportType"), path + ".ReportType", List.of("failed"));
        JsonNode enabled = required(node, path, "Enabled");
        boolean isTrue = enabled.isBoolean() ? enabled.booleanValue() : enabled.isTextual() && "true".equals(enabled.textValue());
        if (!isTrue) {
            throw invalid(path + ".Enabled", "must be true (or \"true\"): KS3 only accepts enabled reports; "
                    + "leave Report out for none");
        }
        String bucket = string(required(node, path, "Bucket"), path + ".Bucket");
        BucketNames.KS3.problem(bucket).ifPresent(problem -> {
            throw invalid(path + ".Bucket", "must name the bucket that receives the report: " + problem);
        });
        pathPart(node, path, "Prefix");
    }

    /** KS3: two rules with a common event type must not overlap in prefix or suffix. */
    private static void rejectOverlapBetweenRules(List<Ks3Notifications.Rule> rules) {
        for (int j = 1; j < rules.size(); j++) {
            for (int i = 0; i < j; i++) {
                Optional<String> sharedEvent = sharedEvent(rules.get(i), rules.get(j));
                if (sharedEvent.isEmpty()) {
                    continue;
                }
                List<Ks3Resource> earlier = coverage(rules.get(i));
                List<Ks3Resource> later = coverage(rules.get(j));
                for (int b = 0; b < later.size(); b++) {
                    for (int a = 0; a < earlier.size(); a++) {
                        if (earlier.get(a).overlaps(later.get(b))) {
                            throw invalid(resourcePath(rules.get(j), j, b), "overlaps " + resourcePath(rules.get(i), i, a)
                                    + " for " + sharedEvent.get() + ": the key '" + earlier.get(a).commonKey(later.get(b))
                                    + "' would match both; rules that share an event type must cover different keys");
                        }
                    }
                }
            }
        }
    }

    private static Optional<String> sharedEvent(Ks3Notifications.Rule a, Ks3Notifications.Rule b) {
        return Ks3EventNames.RULE_EVENTS.stream().filter(e -> a.events().contains(e) && b.events().contains(e)).findFirst();
    }

    /** The rule's resources, the whole bucket standing in for none. */
    private static List<Ks3Resource> coverage(Ks3Notifications.Rule rule) {
        return rule.resources().isEmpty() ? List.of(Ks3Resource.WHOLE_BUCKET) : rule.resources();
    }

    private static String resourcePath(Ks3Notifications.Rule rule, int ruleIndex, int resourceIndex) {
        String path = Ks3Notifications.NOTIFICATIONS + "[" + ruleIndex + "].Resources";
        return rule.resources().isEmpty() ? path + " (none: the whole bucket)" : path + "[" + resourceIndex + "]";
    }

    // --- JSON shape checks; each names the path of the field it refuses ---

    private static Optional<JsonNode> optional(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private static JsonNode required(JsonNode object, String path, String field) {
        return optional(object, field).orElseThrow(() -> invalid(path.isEmpty() ? field : path + "." + field, "is required"));
    }

    private static void object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw invalid(path, "must be a JSON object");
        }
    }

    private static JsonNode array(JsonNode node, String path, int min, int max) {
        if (!node.isArray()) {
            throw invalid(path, "must be a JSON array");
        }
        if (node.size() < min) {
            throw invalid(path, "must not be empty");
        }
        if (node.size() > max) {
            throw invalid(path, "has " + node.size() + " entries; at most " + max + " are allowed");
        }
        return node;
    }

    private static String string(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw invalid(path, "must be a string");
        }
        return node.textValue();
    }

    private static void oneOf(String value, String path, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw invalid(path, "'" + value + "' is not allowed; allowed: " + String.join(", ", allowed));
        }
    }

    private static void onlyFields(JsonNode object, String path, List<String> allowed) {
        for (var names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw invalid(path.isEmpty() ? name : path + "." + name, "is not a KS3 field here; allowed: "
                        + String.join(", ", allowed) + " (names are case-sensitive)");
            }
        }
    }

    private static Ks3Exception invalid(String path, String reason) {
        return new Ks3Exception(InvalidArgument, path + " " + reason);
    }
}
