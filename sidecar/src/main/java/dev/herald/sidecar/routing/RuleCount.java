package dev.herald.sidecar.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How many rules a stored document holds, for the per-credential limit. Every dialect stores its
 * rules as one top-level list ({@code notifications} for BOS and QingStor, {@code Notifications}
 * for KS3), so the count is the length of the document's first top-level array.
 */
final class RuleCount {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleCount() {
    }

    static int of(String storedJson) {
        try {
            for (JsonNode field : JSON.readTree(storedJson)) {
                if (field.isArray()) {
                    return field.size();
                }
            }
            return 0;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a dialect stored a document that is not JSON", e);
        }
    }
}
