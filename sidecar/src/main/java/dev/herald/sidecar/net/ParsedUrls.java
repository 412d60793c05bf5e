package dev.herald.sidecar.net;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Target URLs, parsed once. Every delivery of a rule has the same URL, and parsing it again for
 * each delivery's origin, send, metric label and log line took about 2 % of Herald's CPU per
 * delivered event (docs/BENCHMARKS.md). {@link URI} is immutable, so one parse serves every
 * thread. Bounded: when more distinct URLs than fit have been seen, it starts over.
 */
public final class ParsedUrls {
    private static final int MAX_URLS = 4_096;
    private static final ConcurrentHashMap<String, URI> PARSED = new ConcurrentHashMap<>();

    private ParsedUrls() {
    }

    /** {@code URI.create(url)}, from the cache when seen before; throws as it does. */
    public static URI of(String url) {
        URI parsed = PARSED.get(url);
        if (parsed == null) {
            parsed = URI.create(url);
            if (PARSED.size() >= MAX_URLS) {
                PARSED.clear();
            }
            PARSED.put(url, parsed);
        }
        return parsed;
    }
}
