package dev.herald.sidecar.console;

import dev.herald.dialects.HttpReply;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's files, read once from the jar ({@code dev/herald/sidecar/console/}): a fixed list,
 * so that no request path ever reaches the class path.
 */
final class ConsoleAssets {
    static final List<String> FILES = List.of("index.html", "console.css", "console.js", "api.js", "dom.js", "charts.js",
            "overview.js", "buckets.js", "destinations.js", "dead-letters.js", "deliveries.js");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8");

    private final Map<String, byte[]> files = new LinkedHashMap<>();

    ConsoleAssets() {
        for (String name : FILES) {
            try (InputStream in = ConsoleAssets.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("the console's " + name + " is missing from the jar");
                }
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The file as a 200 reply with its content type; empty for a name not in {@link #FILES}. */
    Optional<HttpReply> reply(String name) {
        byte[] body = files.get(name);
        if (body == null) {
            return Optional.empty();
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        return Optional.of(new HttpReply(200, Map.of("Content-Type", type), body));
    }
}
