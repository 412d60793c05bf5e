package dev.herald.dialects.bos;

import dev.herald.dialects.TargetPolicy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a PutNotification body {@code {"notifications":[rule...]}} into {@link BosNotifications}.
 * Unknown fields are ignored (the Go SDK adds {@code contentType}, {@code quota}, {@code cfc},
 * {@code xParams}). Limits are Herald's own, BOS documents none (docs/bos.md, "Limits"); lengths
 * count UTF-16 characters, as the SDKs' strings do.
 */
final class BosRuleValidator {
    static final int MAX_RULES = 100;
    static final int MAX_RESOURCES = 100;
    static final int MAX_APPS = 10;
    static final int MAX_ID_LENGTH = 128;
    static final int MAX_NAME_LENGTH = 256;
    static final int MAX_RESOURCE_LENGTH = 1024;
    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_XVARS_LENGTH = 4096;
    static final int MAX_KEY_LENGTH = 256;

    private final EventUrlResolver urls;

    BosRuleValidator(BosSettings settings) {
        this.urls = new EventUrlResolver(settings.appUrls());
    }

    /** @throws BosException {@code MalformedJSON}, {@code InappropriateJSON} or {@code InvalidArgument} */
    BosNotifications validate(String bucket, byte[] body, TargetPolicy targets) {
        List<BosNotifications.Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonField f : JsonField.parseObject(body).get("notifications").items(MAX_RULES)) {
            BosNotifications.Rule rule = rule(f.object(), bucket, targets);
            if (!ids.add(rule.id())) {
                throw f.get("id").invalid("'" + rule.id() + "' is used by an earlier rule; rule ids must be unique");
            }
            rules.add(rule);
        }
        return new BosNotifications(rules);
    }

    private BosNotifications.Rule rule(JsonField f, String bucket, TargetPolicy targets) {
        String id = id(f.get("id"));
        String name = f.get("name").optionalText(MAX_NAME_LENGTH);
        String appId = appId(f.get("appId"));
        String status = status(f.get("status"));
        List<String> resources = new ArrayList<>();
        for (JsonField r : f.get("resources").nonEmptyItems(MAX_RESOURCES)) {
            resources.add(resource(r, bucket));
        }
        List<String> events = new ArrayList<>();
        for (JsonField e : f.get("events").nonEmptyItems(BosEventTypes.RULE_EVENTS.size())) {
            events.add(event(e));
        }
        List<BosNotifications.App> apps = new ArrayList<>();
        for (JsonField a : f.get("apps").nonEmptyItems(MAX_APPS)) {
            apps.add(app(a.object(), targets));
        }
        return new BosNotifications.Rule(id, name, appId, status, resources, events, apps,
                encryption(f.get("encryption")));
    }

    /** The id is the access-key field of push signatures: it must survive in {@code bce-auth-v1/{id}/...}. */
    private static String id(JsonField f) {
        String id = f.text();
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw f.invalid("must be 1 to " + MAX_ID_LENGTH + " characters long");
        }
        if (id.chars().anyMatch(c -> c == '/' || Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw f.invalid("'" + id + "' must not contain '/', whitespace or control characters");
        }
        return id;
    }

    private static String appId(JsonField f) {
        String appId = f.text(MAX_ID_LENGTH);
        if (appId.isEmpty()) {
            throw f.invalid("must not be empty");
        }
        return appId;
    }

    private static String status(JsonField f) {
        String status = f.text();
        if (!status.equals(BosNotifications.Rule.ENABLED) && !status.equals(BosNotifications.Rule.DISABLED)) {
            throw f.invalid("'" + status + "' is not a status; allowed values: "
                    + BosNotifications.Rule.ENABLED + ", " + BosNotifications.Rule.DISABLED);
        }
        return status;
    }

    private static String resource(JsonField f, String bucket) {
        String resource = f.text(MAX_RESOURCE_LENGTH);
        try {
            BosResource.parse(bucket, resource);
        } catch (IllegalArgumentException e) {
            throw f.invalid(e.getMessage());
        }
        return resource;
    }

    private static String event(JsonField f) {
        String event = f.text();
        if (!BosEventTypes.RULE_EVENTS.contains(event)) {
            throw f.invalid("'" + event + "' is not a BOS event type; allowed values: "
                    + String.join(", ", BosEventTypes.RULE_EVENTS));
        }
        return event;
    }

    /** {@code {}} and an empty key both mean "unsigned", as the Go SDK always sends {@code "encryption":{}}. */
    private static BosNotifications.Encryption encryption(JsonField f) {
        if (!f.isPresent()) {
            return null;
        }
        String key = f.object().get("key").optionalText(MAX_KEY_LENGTH);
        return key == null || key.isEmpty() ? null : new BosNotifications.Encryption(key);
    }

    private BosNotifications.App app(JsonField f, TargetPolicy targets) {
        JsonField eventUrlField = f.get("eventUrl");
        String eventUrl = eventUrlField.text(MAX_URL_LENGTH);
        String deliveryUrl;
        try {
            deliveryUrl = urls.deliveryUrl(eventUrl, targets);
        } catch (IllegalArgumentException e) {
            throw eventUrlField.invalid(e.getMessage());
        }
        // The Java SDK sends the value twice, as "xvars" and "xVars"; the documented name wins.
        String xVars = f.get("xVars").optionalText(MAX_XVARS_LENGTH);
        return new BosNotifications.App(f.get("id").optionalText(MAX_ID_LENGTH), eventUrl,
                xVars != null ? xVars : f.get("xvars").optionalText(MAX_XVARS_LENGTH), deliveryUrl);
    }
}
