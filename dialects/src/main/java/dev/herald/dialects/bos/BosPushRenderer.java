package dev.herald.dialects.bos;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.Producer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

    /** Written field by field (no tree): rendering is on every delivery's path. */
    byte[] render(ObjectEvent event, BosEventTypes.Row type, String ruleId, String xVars) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(640);
        try (JsonGenerator g = BosJson.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("events");
            g.writeStartObject();
            g.writeStringField("version", VERSION);
            g.writeStringField("eventId", eventId(event));
            g.writeStringField("eventOrigin", event.reconciled() ? ObjectEvent.RECONCILE_PRINCIPAL : ORIGIN);
            g.writeStringField("eventTime", BosTime.format(event.eventTime()));
            g.writeStringField("eventType", type.eventType());
            g.writeStringField("eventFrom", type.eventFrom());
            g.writeStringField("configurationId", ruleId);
            g.writeObjectFieldStart("content");
            writeIfPresent(g, "userId", event.bucketOwner() != null ? event.bucketOwner() : event.requester());
            writeIfPresent(g, "domain", domain);
            g.writeStringField("bucket", event.bucket());
            g.writeStringField("object", event.key());
            writeIfPresent(g, "eTag", event.eTag());
            writeIfPresent(g, "contentType", event.contentType());
            if (event.size() != null) {
                g.writeNumberField("filesize", event.size());
            }
            if (!BosEventTypes.isRemoval(type.eventType())) {
                // The backend's own time when Herald looked the object up; the event time otherwise.
                g.writeStringField("lastModified", BosTime.format(event.lastModified() != null ? event.lastModified()
                        : event.eventTime()));
                writeIfPresent(g, "storageClass", event.storageClass());
                if (event.readCredentials() != null) {
                    g.writeObjectFieldStart("credentials");
                    g.writeStringField("accessKeyId", event.readCredentials().accessKeyId());
                    g.writeStringField("secretAccessKey", event.readCredentials().secretAccessKey());
                    g.writeStringField("sessionToken", event.readCredentials().sessionToken());
                    g.writeStringField("expiration", BosTime.format(event.readCredentials().expiration()));
                    g.writeEndObject();
                }
            }
            writeIfPresent(g, "xVars", xVars);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
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

    private static void writeIfPresent(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }
}
