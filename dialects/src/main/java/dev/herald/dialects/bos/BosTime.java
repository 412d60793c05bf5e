package dev.herald.dialects.bos;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** BOS timestamps: written as UTC whole seconds ({@code 2015-04-27T08:23:49Z}), read as any RFC 3339 time. */
final class BosTime {
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private BosTime() {
    }

    static String format(Instant time) {
        return SECONDS.format(time);
    }

    /** @throws java.time.format.DateTimeParseException when {@code text} is not an RFC 3339 date-time */
    static Instant parse(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }
}
