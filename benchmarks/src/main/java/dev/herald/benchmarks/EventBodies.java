package dev.herald.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.harness.MinioWebhook;
import dev.herald.harness.ObjectOperation;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * MinIO webhook bodies for event number {@code n} of a phase, made fast from a template that
 * {@link MinioWebhook} rendered once: object {@code <prefix>/ev<n>.jpg} in bucket {@code bench}
 * (distinct keys, so Herald stores every one and none is a duplicate).
 */
final class EventBodies {
    static final String BUCKET = "bench";
    private static final String MARK = "XQXQX";

    private final String prefix;
    /** The single-record body, split around the event number. */
    private final String[] body;
    /** One record of {@code Records}, split around the event number. */
    private final String[] record;

    EventBodies(String prefix) {
        if (prefix.contains("/ev") || prefix.contains(MARK)) {
            throw new IllegalArgumentException("prefix " + prefix);
        }
        this.prefix = prefix;
        String template = MinioWebhook.body(ObjectOperation.put(BUCKET, prefix + "/ev" + MARK + ".jpg")
                .size(4096).eTag("0123456789abcdef0123456789abcdef").contentType("image/jpeg"));
        this.body = template.split(MARK, -1);
        try {
            JsonNode root = new ObjectMapper().readTree(template);
            this.record = root.get("Records").get(0).toString().split(MARK, -1);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What MinIO POSTs for event {@code n}: one record. */
    byte[] one(int n) {
        return String.join(Integer.toString(n), body).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A body with {@code count} records, events {@code first .. first+count-1}, as Ceph and AWS
     * send ({@code {"Records":[...]}}; MinIO itself sends one record per request). Used to build
     * a backlog fast.
     */
    byte[] many(int first, int count) {
        StringBuilder sb = new StringBuilder(count * 1100 + 64);
        sb.append("{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"").append(BUCKET).append('/').append(prefix)
                .append("/ev").append(first).append(".jpg\",\"Records\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String n = Integer.toString(first + i);
            for (int p = 0; p < record.length; p++) {
                if (p > 0) {
                    sb.append(n);
                }
                sb.append(record[p]);
            }
        }
        sb.append("]}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
