package dev.herald.sidecar.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.TypeConversionException;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeArgumentTest {
    private final TimeArgument times = new TimeArgument(Clock.fixed(Instant.parse("2026-11-23T10:00:00.123456Z"), ZoneOffset.UTC));

    @ParameterizedTest
    @CsvSource({
            "2026-11-22T09:00:00Z, 2026-11-22T09:00:00Z",
            "2026-11-22T17:00:00+08:00, 2026-11-22T09:00:00Z",
            "90s, 2026-11-23T09:58:30.123Z",
            "15m, 2026-11-23T09:45:00.123Z",
            "2h, 2026-11-23T08:00:00.123Z",
            "7d, 2026-11-16T10:00:00.123Z"})
    void readsTimesAndAgesToTheMillisecond(String argument, String instant) {
        assertThat(times.convert(argument)).isEqualTo(Instant.parse(instant));
    }

    @Test
    void saysWhatItWantsOtherwise() {
        assertThatThrownBy(() -> times.convert("yesterday")).isInstanceOf(TypeConversionException.class)
                .hasMessage("'yesterday' is neither a time like 2026-11-23T10:00:00Z nor an age like 15m, 2h or 7d");
    }
}
