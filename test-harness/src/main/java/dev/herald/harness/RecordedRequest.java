package dev.herald.harness;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request a {@link RecordingReceiver} got, exactly as received.
 *
 * @param headers header names as sent; look them up with {@link #header(String)}
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
                              byte[] body, long receivedAtMillis) {

    /** First value of a header (case-insensitive), or {@code null}. */
    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().getFirst();
            }
        }
        return null;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
