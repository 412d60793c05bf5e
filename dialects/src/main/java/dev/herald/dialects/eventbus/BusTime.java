package dev.herald.dialects.eventbus;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Event bus times: written as RFC 3339 UTC ({@code 2021-03-11T02:42:39.146Z}, fraction only when
 * not zero), read as RFC 3339 with any offset, including Baidu's own {@code +0800} without colon.
 */
final class BusTime {
    /** {@code uuuu-MM-ddTHH:mm:ss[.fraction]} then {@code Z}, {@code +08:00} or {@code +0800}. */
    private static final DateTimeFormatter RFC_3339_LENIENT_OFFSET = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private BusTime() {
    }

    static String format(Instant time) {
        return DateTimeFormatter.ISO_INSTANT.format(time);
    }

    /** @throws DateTimeParseException when {@code text} is not an RFC 3339 date-time with an offset */
    static Instant parse(String text) {
        return OffsetDateTime.parse(text, RFC_3339_LENIENT_OFFSET).toInstant();
    }
}
