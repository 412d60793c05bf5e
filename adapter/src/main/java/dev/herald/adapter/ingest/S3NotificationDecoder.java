package dev.herald.adapter.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.StrictJson;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decodes any bucket notification body Herald accepts into canonical events: MinIO webhook
 * bodies ({@code {"EventName","Key","Records":[...]}}), Ceph RGW pushes and AWS records
 * ({@code {"Records":[...]}}), S3 events as EventBridge sends them, and the AWS
 * {@code s3:TestEvent} (recognized, carries no events). The shape, not the ingest route, decides
 * how a body is read, so a mis-wired producer still decodes correctly.
 *
 * <p>Bodies are read strictly ({@link StrictJson}: nothing after the document, no key twice, nesting
 * at most 64 deep), and must be UTF-8 without overlong or malformed sequences: a lenient decoder
 * would read {@code C0 AF} in a key as {@code /}.
 *
 * <p>Pure: no I/O, no clock. Every failure is an {@link UndecodableNotificationException}.
 */
public final class S3NotificationDecoder {
    private static final ObjectMapper JSON = StrictJson.builder().build();

    private S3NotificationDecoder() {
    }

    public static DecodedNotification decode(byte[] body) throws UndecodableNotificationException {
        Field root = Field.root(parse(body));
        if (!root.node().isObject()) {
            throw new UndecodableNotificationException("body is not a JSON object");
        }
        if ("s3:TestEvent".equals(root.get("Event").optionalText())) {
            return DecodedNotification.test();
        }
        if (!root.get("Records").isAbsent()) {
            return records(root);
        }
        if (!root.get("detail-type").isAbsent() && "aws.s3".equals(root.get("source").optionalText())) {
            return new DecodedNotification(List.of(EventBridgeDecoder.decode(root)), false,
                    Collections.singletonList(null));
        }
        throw new UndecodableNotificationException("not a bucket notification: expected {\"Records\":[...]} "
                + "(MinIO, Ceph RGW, AWS), an S3 event from EventBridge, or the s3:TestEvent");
    }

    private static DecodedNotification records(Field root) throws UndecodableNotificationException {
        List<Field> records = root.get("Records").items();
        if (records.isEmpty()) {
            throw root.get("Records").invalid("is empty");
        }
        String rawKey = records.size() == 1 ? minioRawKey(root, records.getFirst()) : null;
        List<ObjectEvent> events = new ArrayList<>(records.size());
        List<String> opaque = new ArrayList<>(records.size());
        for (Field record : records) {
            events.add(S3RecordDecoder.decode(record, rawKey));
            opaque.add(record.get("opaqueData").optionalText());
        }
        return new DecodedNotification(events, false, opaque);
    }

    /**
     * MinIO's top-level {@code Key} is {@code bucket/} plus the unescaped key: the key exactly as
     * the client wrote it, without a decoding step to get wrong.
     */
    private static String minioRawKey(Field root, Field record) {
        String key = root.get("Key").optionalText();
        String bucket = record.get("s3").get("bucket").get("name").optionalText();
        if (key == null || bucket == null || !key.startsWith(bucket + "/") || key.length() == bucket.length() + 1) {
            return null;
        }
        return key.substring(bucket.length() + 1);
    }

    private static JsonNode parse(byte[] body) throws UndecodableNotificationException {
        if (body == null || body.length == 0) {
            throw new UndecodableNotificationException("empty body");
        }
        try {
            ObjectKeys.strictUtf8(body);
        } catch (CharacterCodingException e) {
            throw new UndecodableNotificationException("body is not UTF-8: it has an overlong or malformed byte sequence");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new UndecodableNotificationException("empty body");
            }
            return node;
        } catch (JacksonException e) {
            // The original message only: the full one appends a location quoting the body.
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new UndecodableNotificationException("body is not JSON: " + Field.excerpt(e.getOriginalMessage()) + where);
        } catch (IOException e) {
            throw new UndecodableNotificationException("body could not be read: " + Field.excerpt(String.valueOf(e.getMessage())));
        }
    }
}
