package dev.herald.dialects.ks3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.ObjectEvent;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The body Herald sends to a KS3 {@code CallbackUrl}. KS3 only says it pushes "JSON" and publishes
 * no format (docs/ks3.md, "The callback"), so Herald sends the shape event consumers already parse — an S3
 * event record — with KS3's event names:
 * <pre>
 * {"Records":[{"eventVersion":"2.1","eventSource":"ks3:s3","awsRegion":"","eventTime":"2026-11-22T13:34:30.724Z",
 *   "eventName":"ks3:ObjectCreated:PutObject","userIdentity":{"principalId":…},
 *   "requestParameters":{"sourceIPAddress":…},"responseElements":{"x-kss-request-id":…},
 *   "s3":{"s3SchemaVersion":"1.0","configurationId":<RuleId>,
 *         "bucket":{"name":…,"ownerIdentity":{"principalId":…},"arn":"arn:aws:s3:::<bucket>"},
 *         "object":{"key":…,"size":…,"eTag":…,"contentType":…,"versionId":…,"sequencer":…,"userMetadata":{…}}},
 *   "eventId":<stable id>}]}
 * </pre>
 * One record per push, fields always in this order. Choices:
 * <ul>
 *   <li>{@code object.key} is the raw key, not URL-encoded: S3 form-encodes it and MinIO/Ceph
 *       disagree on how (docs/operations.md, "How events are read"), so consumers would have to guess the encoding;
 *       JSON carries any key unambiguously.</li>
 *   <li>A value the event does not carry (Ceph sends no content type or source IP, MinIO no size
 *       on deletes) is left out, and so is an object that would be empty — never invented.
 *       {@code awsRegion} is always present ({@code ""} when unknown), as S3 consumers index it.</li>
 *   <li>{@code eventTime} is UTC with milliseconds, S3's format; {@code userMetadata} names are
 *       sorted so the same event always renders the same bytes.</li>
 *   <li>{@code eventId} (not an S3 field) is a name-based UUID of the event's id: a backend
 *       resend of the same event carries the same id, so receivers can drop duplicates.</li>
 * </ul>
 */
final class Ks3PushRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Ks3PushRenderer() {
    }

    static byte[] render(ObjectEvent event, String ks3EventName, String ruleId) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode r = root.putArray("Records").addObject();
        r.put("eventVersion", "2.1");
        r.put("eventSource", "ks3:s3");
        r.put("awsRegion", event.region() == null ? "" : event.region());
        r.put("eventTime", EVENT_TIME.format(event.eventTime()));
        r.put("eventName", ks3EventName);
        putSingle(r, "userIdentity", "principalId", event.requester());
        putSingle(r, "requestParameters", "sourceIPAddress", event.sourceIp());
        putSingle(r, "responseElements", "x-kss-request-id", event.requestId());

        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", ruleId);
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", event.bucket());
        putSingle(bucket, "ownerIdentity", "principalId", event.bucketOwner());
        bucket.put("arn", "arn:aws:s3:::" + event.bucket());
        ObjectNode object = s3.putObject("object");
        object.put("key", event.key());
        if (event.size() != null) {
            object.put("size", event.size());
        }
        putIfKnown(object, "eTag", event.eTag());
        putIfKnown(object, "contentType", event.contentType());
        putIfKnown(object, "versionId", event.versionId());
        putIfKnown(object, "sequencer", event.sequencer());
        if (!event.userMetadata().isEmpty()) {
            new TreeMap<>(event.userMetadata()).forEach(object.putObject("userMetadata")::put);
        }
        r.put("eventId", eventId(event));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stable per event: the same backend event, resent or replayed, gets the same eventId. */
    static String eventId(ObjectEvent event) {
        return nameUuid("ks3|" + event.id());
    }

    /** Stable per (event, rule, destination, URL), so a resend or a restart does not deliver twice. */
    static String deliveryId(ObjectEvent event, String ruleId, int destinationIndex, String callbackUrl) {
        return nameUuid("ks3|" + event.id() + "|" + ruleId + "|" + destinationIndex + "|" + callbackUrl);
    }

    private static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** {@code "object":{"field":value}}, or nothing when the value is unknown. */
    private static void putSingle(ObjectNode parent, String object, String field, String value) {
        if (value != null) {
            parent.putObject(object).put(field, value);
        }
    }

    private static void putIfKnown(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
