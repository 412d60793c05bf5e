package dev.herald.dialects.qingstor;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * How a {@link CloudfuncJob} ended, as the sidecar reports it to
 * {@link QingStorDialect#cloudfuncResultPush}: a success with its {@code result} JSON, or a failure
 * with an {@code error} message.
 */
public final class CloudfuncOutcome {
    /** A verdict is passed on byte for byte, so it must be exactly one JSON value. */
    private static final JsonMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final String resultJson;
    private final String error;

    private CloudfuncOutcome(String resultJson, String error) {
        this.resultJson = resultJson;
        this.error = error;
    }

    /**
     * An image job whose result was saved: {@code {"bucket","key","format","width","height","size"}}
     * of the saved object; for an {@code info} action the info JSON itself.
     */
    public static CloudfuncOutcome imageSaved(CloudfuncJob job, QingStorImageResult saved) {
        if (saved.format().equals("json")) {
            return new CloudfuncOutcome(new String(saved.bytes(), StandardCharsets.UTF_8), null);
        }
        ObjectNode result = STRICT.createObjectNode();
        result.put("bucket", job.saveBucket());
        result.put("key", job.resultKey());
        result.put("format", saved.format());
        result.put("width", saved.width());
        result.put("height", saved.height());
        result.put("size", saved.size());
        return new CloudfuncOutcome(result.toString(), null);
    }

    /**
     * A moderation verdict: the service's answer body, passed on exactly as it came. An answer that
     * is not one JSON object is a failure, as there is no verdict to pass on.
     */
    public static CloudfuncOutcome moderated(byte[] verdict) {
        try {
            JsonNode parsed = STRICT.readTree(verdict);
            if (parsed != null && parsed.isObject()) {
                return new CloudfuncOutcome(new String(verdict, StandardCharsets.UTF_8).strip(), null);
            }
        } catch (IOException e) {
            // reported as a failure below
        }
        return failed("the moderation service answered something that is not a JSON object");
    }

    /** The job failed; {@code error} says why, for the receiver. */
    public static CloudfuncOutcome failed(String error) {
        return new CloudfuncOutcome(null, error == null || error.isBlank() ? "failed" : error);
    }

    public boolean success() {
        return error == null;
    }

    /** The failure message, {@code null} on success. */
    public String error() {
        return error;
    }

    /** The result, one JSON object as text; {@code null} on failure. */
    public String resultJson() {
        return resultJson;
    }
}
