package dev.herald.dialects.qingstor;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.herald.dialects.BucketNames;
import dev.herald.dialects.StrictJson;
import dev.herald.dialects.TargetPolicy;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.herald.dialects.qingstor.QingStorErrorCode.INVALID_ARGUMENT;
import static dev.herald.dialects.qingstor.QingStorErrorCode.INVALID_JSON;

/**
 * Validates a PUT Bucket Notification body {@code {"notifications":[rule...]}} (docs/qingstor.md, "Rules").
 * A body that is not one JSON object is {@code invalid_json}; every other refusal is
 * {@code invalid_argument} whose message starts with the field's path
 * ({@code notifications[1].event_types[0] ...}).
 *
 * <p>Rule fields: {@code id} (required, 1 to {@value #MAX_ID_CHARS} characters, unique in the
 * body); {@code event_types} (required, a list or — as QingStor's own tests send it — one string, of
 * {@code create_object}, {@code delete_object}, {@code abort_multipart}, {@code complete_multipart});
 * {@code cloudfunc} (required: {@code notifier}, {@code image} or {@code tupu-porn});
 * {@code object_filters}, or {@code object_filter} as QingStor's GET page spells it, not both (a list
 * of at most {@value #MAX_FILTERS} glob patterns of at most {@value #MAX_FILTER_CHARS} characters,
 * or one string; see {@link QingStorGlob}); {@code notify_url} (an absolute http(s) URL the target
 * policy allows; required for {@code notifier} and {@code tupu-porn}, optional for {@code image});
 * {@code cloudfunc_args} (required for {@code image}: {@code action} required and parsed by
 * {@link QingStorImageAction}, {@code key_prefix}, {@code key_seprate}, {@code save_bucket};
 * other cloudfuncs take none, an empty object is tolerated).
 *
 * <p>Herald's readings where QingStor is silent: at most {@value #MAX_RULES} rules; field names are
 * case-sensitive and unknown ones are refused (a misspelt {@code object_filtres} would otherwise
 * silently widen a rule to the whole bucket); JSON {@code null} counts as absent; an empty list
 * of rules is allowed and leaves the bucket without any. {@code tupu-porn} needs the operator's
 * moderation endpoint. An {@code image} rule that saves into its own bucket needs a non-empty
 * {@code key_prefix + key_seprate}: with neither, every result would overwrite its own source.
 * Whether the signer may write to another {@code save_bucket}, and whether it exists, is checked
 * by {@link QingStorConfigApi}.
 */
final class QingStorRuleValidator {
    static final int MAX_RULES = 100;
    static final int MAX_ID_CHARS = 255;
    static final int MAX_FILTERS = 100;
    static final int MAX_FILTER_CHARS = 1024;
    static final int MAX_KEY_PART_CHARS = 255;
    static final int MAX_URL_CHARS = 2048;
    private static final Set<String> RULE_FIELDS = Set.of("id", "event_types", "object_filters", "object_filter",
            "cloudfunc", "cloudfunc_args", "notify_url");
    private static final Set<String> IMAGE_ARG_FIELDS = Set.of("action", "key_prefix", "key_seprate", "save_bucket");

    private static final JsonMapper STRICT = StrictJson.builder().build();

    private final QingStorSettings settings;

    QingStorRuleValidator(QingStorSettings settings) {
        this.settings = settings;
    }

    /**
     * @param bucket the bucket the rules are for (the default {@code save_bucket})
     * @throws QingStorException {@code invalid_json} or {@code invalid_argument}
     */
    QingStorNotifications validate(byte[] body, String bucket, TargetPolicy targets) {
        JsonNode root = parse(body);
        Field document = new Field("", root);
        document.onlyFields(Set.of(QingStorNotifications.NOTIFICATIONS));
        Field rules = document.get(QingStorNotifications.NOTIFICATIONS).required();
        if (!rules.node().isArray()) {
            throw rules.invalid("must be a JSON array of rules");
        }
        if (rules.node().size() > MAX_RULES) {
            throw rules.invalid("has " + rules.node().size() + " rules; at most " + MAX_RULES + " are allowed");
        }
        Map<String, Integer> indexById = new HashMap<>();
        for (int i = 0; i < rules.node().size(); i++) {
            rule(rules.at(i), i, indexById, bucket, targets);
        }
        return QingStorNotifications.of(root);
    }

    private static JsonNode parse(byte[] body) {
        JsonNode root;
        try {
            root = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new QingStorException(INVALID_JSON, "the request body is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new QingStorException(INVALID_JSON, "the request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new QingStorException(INVALID_JSON, "the request body must be a JSON object {\"notifications\":[...]}");
        }
        return root;
    }

    private void rule(Field rule, int index, Map<String, Integer> indexById, String bucket, TargetPolicy targets) {
        if (!rule.node().isObject()) {
            throw rule.invalid("must be a JSON object");
        }
        rule.onlyFields(RULE_FIELDS);

        Field idField = rule.get("id");
        String id = idField.text();
        if (id.isBlank() || id.length() > MAX_ID_CHARS) {
            throw idField.invalid("must be 1 to " + MAX_ID_CHARS + " characters, not blank");
        }
        Integer earlier = indexById.putIfAbsent(id, index);
        if (earlier != null) {
            throw idField.invalid("'" + id + "' is already the id of notifications[" + earlier + "]; ids must be unique");
        }

        Field eventTypes = rule.get("event_types");
        List<Field> types = eventTypes.textOrTexts(QingStorEventTypes.RULE_TYPES.size());
        if (types.isEmpty()) {
            throw eventTypes.invalid("must name at least one event type");
        }
        for (Field type : types) {
            if (!QingStorEventTypes.RULE_TYPES.contains(type.text())) {
                throw type.invalid("'" + type.text() + "' is not a QingStor event type; allowed: "
                        + String.join(", ", QingStorEventTypes.RULE_TYPES));
            }
        }

        filters(rule);

        Field cloudfuncField = rule.get("cloudfunc");
        QingStorCloudfunc cloudfunc = QingStorCloudfunc.of(cloudfuncField.text()).orElseThrow(() -> cloudfuncField.invalid(
                "'" + cloudfuncField.text() + "' is not a cloudfunc; allowed: " + String.join(", ", QingStorCloudfunc.wireNames())));
        if (cloudfunc == QingStorCloudfunc.TUPU_PORN && settings.moderationEndpoint() == null) {
            throw cloudfuncField.invalid("'tupu-porn' needs a moderation service, and this Herald has none: its operator "
                    + "must set dialects.qingstor.moderationEndpoint");
        }

        Field notifyUrl = rule.get("notify_url");
        if (notifyUrl.present()) {
            httpUrl(notifyUrl, targets);
        } else if (cloudfunc != QingStorCloudfunc.IMAGE) {
            throw notifyUrl.invalid("is required for cloudfunc '" + cloudfunc.wireName() + "': it is where results are posted");
        }

        Field args = rule.get("cloudfunc_args");
        if (cloudfunc == QingStorCloudfunc.IMAGE) {
            imageArgs(args.required(), bucket);
        } else if (args.present() && !(args.node().isObject() && args.node().isEmpty())) {
            throw args.invalid("is only for cloudfunc 'image'; leave it out for '" + cloudfunc.wireName() + "'");
        }
    }

    private static void filters(Field rule) {
        Field plural = rule.get("object_filters");
        Field singular = rule.get("object_filter");
        if (plural.present() && singular.present()) {
            throw singular.invalid("and object_filters are two spellings of one field; give only object_filters");
        }
        Field filters = plural.present() ? plural : singular;
        if (!filters.present()) {
            return;
        }
        for (Field filter : filters.textOrTexts(MAX_FILTERS)) {
            String pattern = filter.text();
            if (pattern.length() > MAX_FILTER_CHARS) {
                throw filter.invalid("is " + pattern.length() + " characters long; at most " + MAX_FILTER_CHARS + " are allowed");
            }
            try {
                QingStorGlob.compile(pattern);
            } catch (IllegalArgumentException e) {
                throw filter.invalid("'" + pattern + "' is not a valid glob pattern: it " + e.getMessage());
            }
        }
    }

    private static void imageArgs(Field args, String bucket) {
        if (!args.node().isObject()) {
            throw args.invalid("must be a JSON object {\"action\":...}");
        }
        args.onlyFields(IMAGE_ARG_FIELDS);
        Field actionField = args.get("action");
        QingStorImageAction action;
        try {
            action = QingStorImageAction.parse(actionField.text());
        } catch (IllegalArgumentException e) {
            throw actionField.invalid(e.getMessage());
        }
        Optional<String> format = action.outputFormat();
        if (format.isPresent() && !QingStorImageProcessor.canWrite(format.get())) {
            throw actionField.invalid("asks for " + format.get() + " output, which this Herald cannot write (its Java "
                    + "runtime has no ImageIO writer for it); use jpeg, png or tiff");
        }
        String prefix = args.optionalText("key_prefix", QingStorNotifications.DEFAULT_KEY_PREFIX, MAX_KEY_PART_CHARS);
        String separator = args.optionalText("key_seprate", QingStorNotifications.DEFAULT_KEY_SEPARATOR, MAX_KEY_PART_CHARS);
        Field saveBucketField = args.get("save_bucket");
        String saveBucket = saveBucketField.present() ? saveBucketField.text() : bucket;
        BucketNames.QINGSTOR.problem(saveBucket).ifPresent(problem -> {
            throw saveBucketField.invalid("is not a bucket name: " + problem);
        });
        if (saveBucket.equals(bucket) && (prefix + separator).isEmpty()) {
            throw args.get("key_prefix").invalid("and key_seprate are both empty while results are saved into the "
                    + "source's own bucket: each result would overwrite its source image");
        }
    }

    private static void httpUrl(Field field, TargetPolicy targets) {
        String url = field.text();
        if (url.length() > MAX_URL_CHARS) {
            throw field.invalid("is " + url.length() + " characters long; at most " + MAX_URL_CHARS + " are allowed");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw field.invalid("'" + url + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.isOpaque() || uri.getHost() == null) {
            throw field.invalid("'" + url + "' must be an absolute http:// or https:// URL with a host");
        }
        targets.refusal(uri).ifPresent(reason -> {
            throw field.invalid("'" + url + "' is refused: " + reason);
        });
    }

    /** A place in the request body: its path for messages and its value ({@code null} when absent). */
    private record Field(String path, JsonNode node) {

        boolean present() {
            return node != null && !node.isNull();
        }

        Field get(String name) {
            return new Field(path.isEmpty() ? name : path + "." + name, present() ? node.get(name) : null);
        }

        Field at(int index) {
            return new Field(path + "[" + index + "]", node.get(index));
        }

        Field required() {
            if (!present()) {
                throw invalid("is required");
            }
            return this;
        }

        String text() {
            if (!required().node.isTextual()) {
                throw invalid("must be a string");
            }
            return node.textValue();
        }

        String optionalText(String name, String absent, int maxChars) {
            Field field = get(name);
            if (!field.present()) {
                return absent;
            }
            String text = field.text();
            if (text.length() > maxChars) {
                throw field.invalid("is " + text.length() + " characters long; at most " + maxChars + " are allowed");
            }
            return text;
        }

        /** The items of a list of strings, or the field itself when it is one string. */
        List<Field> textOrTexts(int maxItems) {
            required();
            if (node.isTextual()) {
                return List.of(this);
            }
            if (!node.isArray()) {
                throw invalid("must be a string or a JSON array of strings");
            }
            if (node.size() > maxItems) {
                throw invalid("has " + node.size() + " entries; at most " + maxItems + " are allowed");
            }
            List<Field> items = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                Field item = at(i);
                item.text();
                items.add(item);
            }
            return items;
        }

        void onlyFields(Set<String> allowed) {
            node.fieldNames().forEachRemaining(name -> {
                if (!allowed.contains(name)) {
                    throw get(name).invalid("is not a QingStor field here; allowed: "
                            + String.join(", ", allowed.stream().sorted().toList()) + " (names are case-sensitive)");
                }
            });
        }

        QingStorException invalid(String reason) {
            return new QingStorException(INVALID_ARGUMENT, path + " " + reason);
        }
    }
}
