package dev.herald.dialects.bos;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The package's one Jackson mapper (thread-safe once configured). */
final class BosJson {
    static final ObjectMapper MAPPER = new ObjectMapper()
            // "{...} garbage" is not a JSON document; BOS answers MalformedJSON for it.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private BosJson() {
    }
}
