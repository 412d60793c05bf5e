package dev.herald.sidecar.http;

import dev.herald.dialects.HttpRequestView;

import java.util.Map;

/**
 * A request as a route's handler gets it.
 *
 * @param path          the values of the route's {@code {name}} segments, percent-decoded
 * @param receivedNanos when the request arrived ({@link System#nanoTime()}), to time acknowledgements
 */
public record Exchange(HttpRequestView request, Map<String, String> path, long receivedNanos) {
    /** The first value of a query parameter, or {@code null}. */
    public String query(String name) {
        return request.queryParams().stream().filter(e -> e.getKey().equals(name)).findFirst()
                .map(Map.Entry::getValue).orElse(null);
    }
}
