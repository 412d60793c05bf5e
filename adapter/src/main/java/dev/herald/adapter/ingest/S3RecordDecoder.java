package dev.herald.adapter.ingest;

import dev.herald.dialects.EventNames;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.Producer;

import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One S3-shaped record ({@code Records[i]}) from MinIO, Ceph RGW or AWS. The producer decides how
 * the key is encoded and which fields identify the event; everything else is common.
 */
final class S3RecordDecoder {
    private static final String META_PREFIX = "x-amz-meta-";

    private S3RecordDecoder() {
    }

    /** MinIO marks its records with {@code minio:s3}; 2016-era MinIO said {@code aws:s3} but kept its own response headers. */
    static Producer producerOf(Field record) {
        String source = record.get("eventSource").optionalText();
        if ("minio:s3".equals(source) || !record.get("responseElements").get("x-minio-deployment-id").isAbsent()
                || !record.get("responseElements").get("x-minio-origin-endpoint").isAbsent()) {
            return Producer.MINIO;
        }
        return "ceph:s3".equals(source) ? Producer.CEPH : Producer.AWS;
    }

    /**
     * @param rawKey MinIO's top-level {@code Key} minus {@code bucket/} when the body has exactly
     *               one record and that key belongs to it, else {@code null}
     */
    static ObjectEvent decode(Field record, String rawKey) throws UndecodableNotificationException {
        if (!record.node().isObject()) {
            throw record.invalid("must be an object");
        }
        Producer producer = producerOf(record);
        String eventName = EventNames.normalize(record.get("eventName").text());
        Instant eventTime = record.get("eventTime").time();
        Field s3 = record.get("s3");
        Field bucketField = s3.get("bucket").get("name");
        String bucket = bucketField.text();
        Field object = s3.get("object");
        Field keyField = object.get("key");
        String sentKey = keyField.text();
        String key;
        try {
            key = switch (producer) {
                case CEPH -> sentKey;
                case MINIO -> rawKey != null ? rawKey : ObjectKeys.formDecode(sentKey);
                default -> ObjectKeys.formDecode(sentKey);
            };
        } catch (CharacterCodingException e) {
            throw keyField.invalid("has escapes that are not UTF-8 (an overlong or malformed byte sequence)");
        }
        if (key.isEmpty()) {
            throw keyField.invalid("decodes to an empty key");
        }
        Long size = object.get("size").optionalSize();
        String eTag = unquote(object.first("eTag", "etag").optionalText());
        String versionId = object.get("versionId").optionalText();
        String sequencer = object.get("sequencer").optionalText();
        String requestId = record.get("responseElements").get("x-amz-request-id").optionalText();
        String id = switch (producer) {
            // Ceph's eventId is sec.usec.etag: unique for writes, but two deletes (no etag) in one
            // microsecond would share it, so the key and name are part of the identity too.
            case CEPH -> EventIds.of(producer, record.get("eventId").optionalText(), bucket, key, versionId, eventName,
                    sequencer);
            case MINIO -> EventIds.of(producer, bucket, key, versionId, sequencer, eventName);
            default -> EventIds.of(producer, bucket, key, versionId, sequencer, eventName, requestId);
        };
        // Checked last, so that a record's other faults are named first.
        bucketField.bucketName();
        return new ObjectEvent(id, producer, eventName, eventTime, bucket, key, size, eTag,
                object.get("contentType").optionalText(), versionId, sequencer,
                record.get("userIdentity").get("principalId").optionalText(),
                record.get("requestParameters").get("sourceIPAddress").optionalText(),
                requestId,
                s3.get("bucket").get("ownerIdentity").get("principalId").optionalText(),
                record.get("awsRegion").optionalText(),
                userMetadata(object));
    }

    /**
     * {@code x-amz-meta-*} entries, lower-cased and without the prefix. MinIO sends a map that also
     * holds {@code content-type}; Ceph a list of {@code {"key","val"}}.
     */
    private static Map<String, String> userMetadata(Field object) throws UndecodableNotificationException {
        Map<String, String> metadata = new LinkedHashMap<>();
        Field minio = object.get("userMetadata");
        if (minio.node().isObject()) {
            minio.node().properties().forEach(e -> putMeta(metadata, e.getKey(), e.getValue().asText()));
        }
        Field ceph = object.get("metadata");
        if (ceph.node().isArray()) {
            for (Field entry : ceph.items()) {
                String name = entry.get("key").optionalText();
                if (name != null) {
                    putMeta(metadata, name, entry.get("val").node().asText(""));
                }
            }
        }
        return metadata;
    }

    private static void putMeta(Map<String, String> metadata, String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith(META_PREFIX) && lower.length() > META_PREFIX.length()) {
            metadata.put(lower.substring(META_PREFIX.length()), value);
        }
    }

    static String unquote(String eTag) {
        return eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}
