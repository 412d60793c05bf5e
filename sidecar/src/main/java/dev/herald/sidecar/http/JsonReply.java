package dev.herald.sidecar.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.HttpReply;

import java.util.Map;

/** Herald's own JSON answers ({@code {"error": ..., "reason": ...}} and small status objects). */
public final class JsonReply {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonReply() {
    }

    /** A JSON object reply with the given keys, in order. */
    public static HttpReply of(int status, Object... keysAndValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
        }
        return HttpReply.json(status, node.toString(), Map.of());
    }

    public static HttpReply error(int status, String error, String reason) {
        return of(status, "error", error, "reason", reason);
    }
}
