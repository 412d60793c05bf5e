package dev.herald.dialects.bos;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.StrictJson;

/** The package's one Jackson mapper (thread-safe once configured): BOS answers MalformedJSON for what it refuses. */
final class BosJson {
    static final ObjectMapper MAPPER = StrictJson.builder().build();

    private BosJson() {
    }
}
