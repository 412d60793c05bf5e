package dev.herald.adapter.ingest;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Event times as producers print them: MinIO and AWS in milliseconds
 * ({@code 2024-01-05T11:26:33.405Z}), Ceph in microseconds ({@code 2024-04-21T10:03:18.419013Z}),
 * older Ceph with a space instead of {@code T}, EventBridge without fraction; an offset instead of
 * {@code Z} and a missing zone (read as UTC) are accepted too.
 */
final class EventTimes {
    private EventTimes() {
    }

    /** @throws DateTimeParseException when the text is none of those forms */
    static Instant parse(String text) {
        String t = text.trim();
        if (t.length() > 10 && t.charAt(10) == ' ') {
            t = t.substring(0, 10) + 'T' + t.substring(11);
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException notOffset) {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            }
        }
    }
}
