package dev.herald.dialects.eventbus;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.herald.dialects.StrictJson;

/** The package's one Jackson mapper (thread-safe once configured); see {@link StrictJson} for what it refuses. */
final class EventBusJson {
    static final ObjectMapper MAPPER = StrictJson.builder()
            // Event data is echoed and delivered as sent: 1.50 stays 1.50, 0.1 is not widened to a double.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private EventBusJson() {
    }
}
