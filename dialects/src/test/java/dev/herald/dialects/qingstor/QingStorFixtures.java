package dev.herald.dialects.qingstor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.EventNames;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.Producer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test material for the QingStor dialect: the QingStor Java SDK 2.6.5 captures in
 * {@code src/test/resources/qingstor/}, a signer written independently of {@link QingStorAuth}
 * from the documented algorithm, and canonical events as the adapter decodes the MinIO and Ceph
 * captures of {@code shared/fixtures}.
 */
final class QingStorFixtures {
    static final String SDK_ACCESS_KEY = "AKQSTEST000000000000";
    static final String SDK_SECRET_KEY = "SKQSTEST0000000000000000000000000000000";
    static final String SDK_PUT = "qingstor.sdk.java-2.6.5-put-notification.json";
    static final String SDK_GET = "qingstor.sdk.java-2.6.5-get-notification.json";
    static final String SDK_DELETE = "qingstor.sdk.java-2.6.5-delete-notification.json";
    static final String SDK_GET_ANSWER = "qingstor.sdk.java-2.6.5-get-notification-canned-response-ACCEPTED-BY-SDK.json";
    /** The PUT capture's Date; GET and DELETE were sent one second later. */
    static final Instant SDK_SIGNED_AT = Instant.parse("2026-11-22T13:49:07Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    private QingStorFixtures() {
    }

    static String resource(String name) {
        try (InputStream in = QingStorFixtures.class.getResourceAsStream("/qingstor/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource qingstor/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A captured SDK request: method, path, query, every header and the body byte for byte. */
    static HttpRequestView capture(String name) {
        try {
            JsonNode capture = JSON.readTree(resource(name));
            URI target = URI.create(capture.get("path").asText());
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (JsonNode pair : capture.get("headers")) {
                headers.computeIfAbsent(pair.get(0).asText(), k -> new ArrayList<>()).add(pair.get(1).asText());
            }
            byte[] body = capture.get("body_text").asText().getBytes(StandardCharsets.UTF_8);
            return new HttpRequestView(capture.get("method").asText(), target.getRawPath(), target.getRawQuery(), headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String httpDate(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    }

    /** {@code method path?notification} with a Date of {@code at} and, for a body, a JSON content type; unsigned. */
    static HttpRequestView request(String method, String path, String body, Instant at) {
        Map<String, String> headers = new TreeMap<>();
        headers.put("Host", "127.0.0.1:18084");
        headers.put("Date", httpDate(at));
        if (!body.isEmpty()) {
            headers.put("Content-Type", "application/json");
        }
        return HttpRequestView.of(method, path, "notification", headers, body);
    }

    /** The documented string to sign, for requests whose only x-qs-* header may be X-QS-Date. */
    static String stringToSign(HttpRequestView request, String timeLine, String canonicalResource) {
        String qsDate = request.header("X-QS-Date");
        return request.method() + "\n"
                + (request.header("Content-MD5") == null ? "" : request.header("Content-MD5")) + "\n"
                + (request.header("Content-Type") == null ? "" : request.header("Content-Type")) + "\n"
                + timeLine + "\n"
                + (qsDate == null ? "" : "x-qs-date:" + qsDate.trim() + "\n")
                + canonicalResource;
    }

    static String hmacBase64(String secret, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request with {@code Authorization: QS ak:sig} over {@code canonicalResource}. */
    static HttpRequestView signed(HttpRequestView request, String accessKey, String secret, String canonicalResource) {
        String timeLine = request.header("X-QS-Date") != null ? "" : request.header("Date");
        String signature = hmacBase64(secret, stringToSign(request, timeLine, canonicalResource));
        return request.withHeader("Authorization", "QS " + accessKey + ":" + signature);
    }

    /** Path-style {@code method /bucket?notification}, signed at {@code at} with the SDK's key pair. */
    static HttpRequestView sdkSigned(String method, String bucket, String body, Instant at) {
        return signed(request(method, "/" + bucket, body, at), SDK_ACCESS_KEY, SDK_SECRET_KEY, "/" + bucket + "?notification");
    }

    /** The request signed in its query ({@code access_key_id}, {@code expires}, URL-encoded {@code signature}), without Date. */
    static HttpRequestView presigned(HttpRequestView request, String accessKey, String secret, String canonicalResource,
                                     long expires) {
        HttpRequestView undated = request.withoutHeader("Date");
        String signature = hmacBase64(secret, stringToSign(undated, Long.toString(expires), canonicalResource));
        String query = (undated.rawQuery() == null ? "" : undated.rawQuery() + "&") + "access_key_id=" + accessKey
                + "&expires=" + expires + "&signature=" + URLEncoder.encode(signature, StandardCharsets.UTF_8);
        return new HttpRequestView(undated.method(), undated.rawPath(), query, undated.headers(), undated.body());
    }

    static HttpRequestView withQuery(HttpRequestView request, String rawQuery) {
        return new HttpRequestView(request.method(), request.rawPath(), rawQuery, request.headers(), request.body());
    }

    // --- canonical events (shared/fixtures) ---

    /** minio-2024-01/webhook-01-put-images-photo-bearer.json as the adapter decodes it. */
    static ObjectEvent minioPut() {
        return minio(EventNames.CREATED_PUT, "images/photo 1.jpg");
    }

    /** The MinIO PUT event with another canonical name and key (same id, requester, request id). */
    static ObjectEvent minio(String canonicalName, String key) {
        return new ObjectEvent("minio-18EA6161015F97FE", Producer.MINIO, canonicalName,
                Instant.parse("2026-11-22T13:34:30.724Z"), "test-bucket", key, 10L,
                "501590c529b9ce8bb8da7e80ab98e2fe", "image/jpeg", null, "18EA6161015F97FE", "minioadmin",
                "127.0.0.1", "18EA616101562ACA", "minioadmin", null, Map.of("owner", "alice"));
    }

    /** minio-2024-01/webhook-06-delete-docs-readme.json: MinIO sends no size or ETag on deletes. */
    static ObjectEvent minioDelete() {
        return new ObjectEvent("minio-18EA6161F40B0F47", Producer.MINIO, EventNames.REMOVED_DELETE,
                Instant.parse("2026-11-22T13:34:34.795Z"), "test-bucket", "docs/readme.txt", null, null, null, null,
                "18EA6161F40B0F47", "minioadmin", "127.0.0.1", "18EA6161F3FF3440", "minioadmin", null, null);
    }

    /** ceph-16.2.15/http-push-01-put-images-photo.json: time in microseconds, no content type or source IP. */
    static ObjectEvent cephPut() {
        return new ObjectEvent("ceph-1795355096.955841.501590c529b9ce8bb8da7e80ab98e2fe", Producer.CEPH,
                EventNames.CREATED_PUT, Instant.parse("2026-11-22T13:44:56.953001Z"), "ceph-bucket", "images/photo 1.jpg",
                10L, "501590c529b9ce8bb8da7e80ab98e2fe", null, null, "D8F1026B3DFCF838", "tester", null,
                "e7f32d7c-df1c-480d-b1e1-bea94cfd10e5.4118.3005007397861571651", "tester", null, Map.of("owner", "alice"));
    }

    /** An event of another bucket-level kind, for the event-type table: same as {@link #cephPut()} but named. */
    static ObjectEvent ceph(String canonicalName, String key) {
        ObjectEvent put = cephPut();
        return new ObjectEvent(put.id(), put.producer(), canonicalName, put.eventTime(), put.bucket(), key, put.size(),
                put.eTag(), put.contentType(), put.versionId(), put.sequencer(), put.requester(), put.sourceIp(),
                put.requestId(), put.bucketOwner(), put.region(), put.userMetadata());
    }

    /** {@code event} with other user metadata. */
    static ObjectEvent withMetadata(ObjectEvent e, Map<String, String> metadata) {
        return new ObjectEvent(e.id(), e.producer(), e.eventName(), e.eventTime(), e.bucket(), e.key(), e.size(),
                e.eTag(), e.contentType(), e.versionId(), e.sequencer(), e.requester(), e.sourceIp(), e.requestId(),
                e.bucketOwner(), e.region(), metadata);
    }
}
