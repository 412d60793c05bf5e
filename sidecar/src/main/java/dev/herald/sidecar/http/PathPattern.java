package dev.herald.sidecar.http;

import dev.herald.dialects.HttpRequestView;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route's path: literal segments, {@code {name}} segments that match one non-empty segment, and
 * optionally as the last segment {@code **}, which matches whatever is left (nothing included), or
 * {@code {name...}}, which matches the non-empty rest, slashes included, as one value.
 */
public final class PathPattern {
    private final String text;
    private final List<String> segments;

    private PathPattern(String text) {
        this.text = text;
        this.segments = List.of(text.substring(1).split("/", -1));
    }

    /** @param text starts with {@code /}, e.g. {@code /admin/dead-letters/{id}/replay} */
    public static PathPattern of(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("a path pattern starts with /: " + text);
        }
        return new PathPattern(text);
    }

    /** The {@code {name}} values when {@code rawPath} matches. */
    public Optional<Map<String, String>> match(String rawPath) {
        String[] parts = rawPath.substring(1).split("/", -1);
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (s.equals("**") && last) {
                return Optional.of(values);
            }
            if (last && s.startsWith("{") && s.endsWith("...}")) {
                String rest = String.join("/", java.util.Arrays.asList(parts).subList(i, parts.length));
                if (rest.isEmpty()) {
                    return Optional.empty();
                }
                values.put(s.substring(1, s.length() - 4), HttpRequestView.percentDecode(rest));
                return Optional.of(values);
            }
            if (i >= parts.length) {
                return Optional.empty();
            }
            if (s.startsWith("{") && s.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return Optional.empty();
                }
                values.put(s.substring(1, s.length() - 1), HttpRequestView.percentDecode(parts[i]));
            } else if (!s.equals(parts[i])) {
                return Optional.empty();
            }
        }
        return parts.length == segments.size() ? Optional.of(values) : Optional.empty();
    }

    @Override
    public String toString() {
        return text;
    }
}
