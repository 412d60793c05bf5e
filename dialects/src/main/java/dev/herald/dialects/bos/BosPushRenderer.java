package dev.herald.dialects.bos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.Producer;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The body BOS POSTs to a custom eventUrl (docs/bos.md, "The push"): {@code {"events":[event]}}, one event
 * per push. Content fields the event does not carry are left out, never guessed.
 */
final class BosPushRenderer {
    private static final String VERSION = "1.0";
    private static final String ORIGIN = "bos:realtime";

    private final String domain;

    /** @param domain {@code content.domain}, or {@code null} to leave it out */
    BosPushRenderer(String domain) {
        this.domain = domain;
    }

    byte[] render(ObjectEvent event, BosEventTypes.Row type, String ruleId, String xVars) {
        ObjectNode root = BosJson.MAPPER.createObjectNode();
        ObjectNode e = root.putArray("events").addObject();
        e.put("version", VERSION);
        e.put("eventId", eventId(event));
        e.put("eventOrigin", ORIGIN);
        e.put("eventTime", BosTime.format(event.eventTime()));
        e.put("eventType", type.eventType());
        e.put("eventFrom", type.eventFrom());
        e.put("configurationId", ruleId);
        ObjectNode content = e.putObject("content");
        putIfPresent(content, "userId", event.bucketOwner() != null ? event.bucketOwner() : event.requester());
        putIfPresent(content, "domain", domain);
        content.put("bucket", event.bucket());
        content.put("object", event.key());
        putIfPresent(content, "eTag", event.eTag());
        putIfPresent(content, "contentType", event.contentType());
        if (event.size() != null) {
            content.put("filesize", event.size());
        }
        if (!BosEventTypes.isRemoval(type.eventType())) {
            // The backend's own time when Herald looked the object up; the event time otherwise.
            content.put("lastModified", BosTime.format(event.lastModified() != null ? event.lastModified() : event.eventTime()));
            putIfPresent(content, "storageClass", event.storageClass());
            if (event.readCredentials() != null) {
                content.putObject("credentials")
                        .put("accessKeyId", event.readCredentials().accessKeyId())
                        .put("secretAccessKey", event.readCredentials().secretAccessKey())
                        .put("sessionToken", event.readCredentials().sessionToken())
                        .put("expiration", BosTime.format(event.readCredentials().expiration()));
            }
        }
        putIfPresent(content, "xVars", xVars);
        try {
            return BosJson.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The BOS {@code eventId}: a PostEvent keeps the id it was posted with; any other event gets a
     * UUID derived from its id, so a resent or replayed event carries the same eventId.
     */
    static String eventId(ObjectEvent event) {
        return event.producer() == Producer.BOS_POST_EVENT ? event.id() : nameUuid("bos:" + event.id());
    }

    /** Stable per (event, rule, app, URL): routing the same event again gives the same id. */
    static String deliveryId(ObjectEvent event, String ruleId, int appIndex, String targetUrl) {
        return nameUuid("bos|" + event.id() + "|" + ruleId + "|" + appIndex + "|" + targetUrl);
    }

    private static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
