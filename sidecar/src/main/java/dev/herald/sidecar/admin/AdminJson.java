package dev.herald.sidecar.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.HttpReply;
import dev.herald.sidecar.http.Exchange;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/** The admin API's JSON answers and query parameters. */
final class AdminJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private AdminJson() {
    }

    static HttpReply ok(ObjectNode body) {
        return new HttpReply(200, Map.of("Content-Type", "application/json"), body.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void putNullable(ObjectNode node, String field, Integer value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    /** A {@code limit} parameter, 1 to 1000. @throws IllegalArgumentException saying so */
    static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("limit must be 1 to 1000, got '" + text + "'");
    }

    /** An RFC 3339 time parameter as epoch millis. @throws IllegalArgumentException saying what it must look like */
    static Optional<Long> time(Exchange exchange, String name) {
        return Optional.ofNullable(exchange.query(name)).map(v -> {
            try {
                return Instant.parse(v).toEpochMilli();
            } catch (DateTimeParseException x) {
                throw new IllegalArgumentException(name + " must be an RFC 3339 time like 2026-11-23T10:00:00Z, got '" + v + "'");
            }
        });
    }
}
