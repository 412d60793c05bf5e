package dev.herald.adapter.producer;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exact body MinIO's webhook target POSTs for one object operation (ingress.md §1.1, captured
 * from RELEASE.2024-01 in {@code shared/fixtures/minio-2024-01}):
 * {@code {"EventName","Key","Records":[one record]}}, where {@code Key} is {@code bucket/key} raw and
 * the record's {@code s3.object.key} is form-encoded as Go's {@code url.QueryEscape} does it.
 * Event names carry the {@code s3:} prefix; times are UTC milliseconds; Go maps
 * ({@code requestParameters}, {@code responseElements}, {@code userMetadata}) have their keys
 * sorted; a delete has no size, eTag, content type or metadata.
 */
public final class MinioWebhookEncoder {
    private static final ObjectMapper JSON = new ObjectMapper(new JsonFactoryBuilder().characterEscapes(new GoJsonEscapes()).build());
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private MinioWebhookEncoder() {
    }

    public static String encode(ObjectChange change, MinioOrigin origin) {
        String name = "s3:" + change.eventName();
        ObjectNode root = JSON.createObjectNode();
        root.put("EventName", name);
        root.put("Key", change.bucket() + "/" + change.key());
        ObjectNode r = root.putArray("Records").addObject();
        r.put("eventVersion", "2.0");
        r.put("eventSource", "minio:s3");
        r.put("awsRegion", origin.region());
        r.put("eventTime", MILLIS.format(change.time()));
        r.put("eventName", name);
        r.putObject("userIdentity").put("principalId", change.principal());
        putSorted(r.putObject("requestParameters"), Map.of("principalId", change.principal(), "region", origin.region(),
                "sourceIPAddress", origin.sourceIp()));
        Map<String, String> response = new TreeMap<>(Map.of("x-amz-id-2", origin.hostId(), "x-amz-request-id",
                origin.requestId(), "x-minio-deployment-id", origin.deploymentId(), "x-minio-origin-endpoint", origin.endpoint()));
        if (origin.responseContentLength() != null) {
            response.put("content-length", origin.responseContentLength());
        }
        putSorted(r.putObject("responseElements"), response);
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "Config");
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", change.bucket());
        bucket.putObject("ownerIdentity").put("principalId", change.principal());
        bucket.put("arn", "arn:aws:s3:::" + change.bucket());
        object(s3.putObject("object"), change, origin);
        ObjectNode source = r.putObject("source");
        source.put("host", origin.sourceIp());
        source.put("port", "");
        source.put("userAgent", origin.userAgent());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    private static void object(ObjectNode object, ObjectChange change, MinioOrigin origin) {
        object.put("key", queryEscape(change.key()));
        if (!change.removed()) {
            // Go's omitempty: unset fields are left out.
            if (change.size() != null) {
                object.put("size", change.size());
            }
            if (change.eTag() != null) {
                object.put("eTag", change.eTag());
            }
            if (change.contentType() != null) {
                object.put("contentType", change.contentType());
            }
            Map<String, String> userMetadata = new TreeMap<>();
            change.metadata().forEach((name, value) -> {
                if (name.toLowerCase(Locale.ROOT).startsWith("x-amz-meta-")) {
                    userMetadata.put(canonicalHeaderName(name), value);
                }
            });
            if (change.contentType() != null) {
                userMetadata.put("content-type", change.contentType());
            }
            if (!userMetadata.isEmpty()) {
                putSorted(object.putObject("userMetadata"), userMetadata);
            }
        }
        if (change.versionId() != null) {
            object.put("versionId", change.versionId());
        }
        object.put("sequencer", origin.sequencer());
    }

    /** Go's {@code url.QueryEscape}: space becomes {@code +}; every byte but {@code A-Za-z0-9-_.~} becomes {@code %XX}. */
    public static String queryEscape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Go's {@code textproto.CanonicalMIMEHeaderKey}, which MinIO stores metadata names in: {@code X-Amz-Meta-Owner}. */
    static String canonicalHeaderName(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }

    private static void putSorted(ObjectNode node, Map<String, String> entries) {
        new TreeMap<>(entries).forEach(node::put);
    }
}
