package dev.herald.dialects;

import java.time.Instant;
import java.util.Optional;

/**
 * The event times Herald accepts from any producer: from 1970 to the end of 9999. Earlier or later
 * times ({@code 0000-01-01T00:00:00Z}, {@code -999999999-01-01T00:00:00Z}) are no object's, and
 * vendors' formats (RFC 3339's four-digit years, epoch seconds) cannot carry them.
 */
public final class EventTimeRange {
    public static final Instant EARLIEST = Instant.EPOCH;
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private EventTimeRange() {
    }

    /** Why {@code time} is not an acceptable event time, as a phrase ("is before 1970"); empty when it is. */
    public static Optional<String> problem(Instant time) {
        if (time.isBefore(EARLIEST)) {
            return Optional.of("is before 1970");
        }
        return time.isAfter(LATEST) ? Optional.of("is after the year 9999") : Optional.empty();
    }
}
