package dev.herald.dialects.eventbus;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

/** The package's one Jackson mapper (thread-safe once configured). */
final class EventBusJson {
    static final ObjectMapper MAPPER = new ObjectMapper()
            // "{...} garbage" is not a JSON document.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // {"source":"a","source":"b"} has no single meaning: refuse it rather than keep the last.
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // Event data is echoed and delivered as sent: 1.50 stays 1.50, 0.1 is not widened to a double.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private EventBusJson() {
    }
}
