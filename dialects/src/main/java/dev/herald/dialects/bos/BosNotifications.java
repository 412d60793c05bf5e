package dev.herald.dialects.bos;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonView;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * A bucket's validated BOS rule set, in the shape of the API body {@code {"notifications":[...]}}.
 *
 * <p>Two JSON forms: {@link #toApiJson()} has exactly the documented fields (what GET answers and
 * what the BOS Java SDK parses); {@link #toStoredJson()} adds each app's resolved
 * {@code deliveryUrl}, so that delivery does not depend on re-resolving {@code brn:}/{@code app:}
 * URLs later. Absent optional fields are left out of both.
 */
record BosNotifications(List<Rule> notifications) {
    static final BosNotifications EMPTY = new BosNotifications(List.of());

    BosNotifications {
        notifications = List.copyOf(notifications);
    }

    static BosNotifications fromStoredJson(String json) {
        try {
            return BosJson.MAPPER.readValue(json, BosNotifications.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored BOS rules are not readable: " + e.getOriginalMessage(), e);
        }
    }

    String toStoredJson() {
        return write(Stored.class);
    }

    String toApiJson() {
        return write(Api.class);
    }

    private String write(Class<?> view) {
        try {
            return BosJson.MAPPER.writerWithView(view).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON view of the documented fields. */
    interface Api {
    }

    /** JSON view of the documented fields plus Herald's own. */
    interface Stored extends Api {
    }

    /** One rule. {@code status} is {@value #ENABLED} or {@value #DISABLED}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "name", "appId", "status", "resources", "events", "apps", "encryption"})
    record Rule(String id, String name, String appId, String status, List<String> resources, List<String> events,
                List<App> apps, Encryption encryption) {
        static final String ENABLED = "enabled";
        static final String DISABLED = "disabled";

        Rule {
            resources = List.copyOf(resources);
            events = List.copyOf(events);
            apps = List.copyOf(apps);
        }

        boolean enabled() {
            return ENABLED.equals(status);
        }

        /** The push signing secret, or {@code null} for unsigned pushes. */
        String signingKey() {
            return encryption == null ? null : encryption.key();
        }
    }

    /** A push destination of a rule. {@code deliveryUrl} is where Herald actually POSTs. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "eventUrl", "xVars", "deliveryUrl"})
    record App(String id, String eventUrl, String xVars, @JsonView(Stored.class) String deliveryUrl) {
    }

    /** Present only with a non-empty key: the SDKs' empty {@code "encryption":{}} means "unsigned". */
    record Encryption(String key) {
    }
}
