package dev.herald.sidecar.config;

import dev.herald.dialects.SignatureLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecurityConfigTest {
    @TempDir
    Path dir;

    @Test
    void signatureLimitsDefaultToOneHourSevenDaysAndFifteenMinutes() {
        assertThat(ConfigLoader.load(null, Map.of()).security().signatures().limits()).isEqualTo(SignatureLimits.DEFAULT)
                .isEqualTo(new SignatureLimits(Duration.ofHours(1), Duration.ofDays(7), Duration.ofMinutes(15)));
    }

    @Test
    void signatureLimitsComeFromTheFileAndTheEnvironment() throws Exception {
        Path file = Files.writeString(dir.resolve("herald.yaml"),
                "security:\n  signatures: { maxHeaderValidity: 10m, maxPresignedValidity: 1d }\n");
        SignatureLimits limits = ConfigLoader.load(file, Map.of("HERALD_SECURITY_SIGNATURES_MAXCLOCKSKEW", "2m"))
                .security().signatures().limits();
        assertThat(limits).isEqualTo(new SignatureLimits(Duration.ofMinutes(10), Duration.ofDays(1), Duration.ofMinutes(2)));
    }

    @Test
    void aZeroLimitIsRefusedAtStart() throws Exception {
        Path file = Files.writeString(dir.resolve("herald.yaml"), "security: { signatures: { maxClockSkew: 0s } }\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("security.signatures.maxClockSkew must be a positive duration");
    }
}
