package dev.herald.sidecar.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time on the command line: RFC 3339 ({@code 2026-11-23T10:00:00Z}) or an age before now
 * ({@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}).
 */
final class TimeArgument implements ITypeConverter<Instant> {
    private static final Pattern AGE = Pattern.compile("(\\d+)([smhd])");

    private final Clock clock;

    TimeArgument() {
        this(Clock.systemUTC());
    }

    TimeArgument(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String value) {
        Matcher age = AGE.matcher(value);
        if (age.matches()) {
            long n = Long.parseLong(age.group(1));
            Duration d = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            // Herald keeps milliseconds.
            return clock.instant().truncatedTo(ChronoUnit.MILLIS).minus(d);
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is neither a time like 2026-11-23T10:00:00Z nor an age "
                    + "like 15m, 2h or 7d");
        }
    }
}
