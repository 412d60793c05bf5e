package dev.herald.sidecar.testing;

import dev.herald.sidecar.config.ConfigLoader;
import dev.herald.sidecar.config.DeliveryConfig;
import dev.herald.sidecar.config.HeraldConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Config records for tests, written as the YAML an operator writes and read by the real loader,
 * instead of positional constructors with a dozen nulls.
 */
public final class TestConfig {
    private TestConfig() {
    }

    public static HeraldConfig of(String yaml) {
        try {
            Path file = Files.createTempFile("herald-test", ".yaml");
            try {
                Files.writeString(file, yaml);
                return ConfigLoader.load(file, Map.of());
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code delivery:} with these keys (indented or not) under it. */
    public static DeliveryConfig delivery(String keys) {
        return of("delivery:\n" + keys.stripIndent().lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n")).delivery();
    }
}
