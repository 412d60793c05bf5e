package dev.herald.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Builds the exact body MinIO's webhook target POSTs (as captured from MinIO RELEASE.2024-01):
 * {@code {"EventName","Key","Records":[one record]}}, with the record key form-encoded the way
 * Go's {@code url.QueryEscape} does it and the top-level {@code Key} raw.
 */
public final class MinioWebhook {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private MinioWebhook() {
    }

    public static String body(ObjectOperation op) {
        String name = "s3:" + op.eventName;
        long nanos = op.time.getEpochSecond() * 1_000_000_000L + op.time.getNano();
        String requestId = Long.toHexString(nanos).toUpperCase(Locale.ROOT);

        ObjectNode root = JSON.createObjectNode();
        root.put("EventName", name);
        root.put("Key", op.bucket + "/" + op.key);
        ObjectNode r = root.putArray("Records").addObject();
        r.put("eventVersion", "2.0");
        r.put("eventSource", "minio:s3");
        r.put("awsRegion", "");
        r.put("eventTime", MILLIS.format(op.time.truncatedTo(ChronoUnit.MILLIS)));
        r.put("eventName", name);
        r.putObject("userIdentity").put("principalId", op.principal);
        ObjectNode params = r.putObject("requestParameters");
        params.put("principalId", op.principal);
        params.put("region", "");
        params.put("sourceIPAddress", "127.0.0.1");
        ObjectNode resp = r.putObject("responseElements");
        resp.put("x-amz-id-2", "dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8");
        resp.put("x-amz-request-id", requestId);
        resp.put("x-minio-deployment-id", "00000000-0000-0000-0000-000000000000");
        resp.put("x-minio-origin-endpoint", "http://127.0.0.1:9000");
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "Config");
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", op.bucket);
        bucket.putObject("ownerIdentity").put("principalId", op.principal);
        bucket.put("arn", "arn:aws:s3:::" + op.bucket);
        ObjectNode object = s3.putObject("object");
        object.put("key", queryEscape(op.key));
        if (!op.removed()) {
            // MinIO omits size, eTag and content type on removed events.
            if (op.size != null) {
                object.put("size", op.size);
            }
            if (op.eTag != null) {
                object.put("eTag", op.eTag);
            }
            if (op.contentType != null) {
                object.put("contentType", op.contentType);
            }
            ObjectNode meta = object.putObject("userMetadata");
            op.metadata.forEach((k, v) -> meta.put("X-Amz-Meta-" + capitalize(k), v));
            if (op.contentType != null) {
                meta.put("content-type", op.contentType);
            }
        }
        if (op.versionId != null) {
            object.put("versionId", op.versionId);
        }
        object.put("sequencer", HexFormat.of().withUpperCase().toHexDigits(nanos));
        ObjectNode source = r.putObject("source");
        source.put("host", "127.0.0.1");
        source.put("port", "");
        source.put("userAgent", "herald-test-harness");
        return root.toString();
    }

    /** Go's {@code url.QueryEscape}: space becomes '+', only {@code A-Za-z0-9-_.~} stay as they are. */
    public static String queryEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
