package dev.herald.benchmarks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark and {@code ./herald serve} read Herald's one jvm.options file alike. */
class HeraldJvmOptionsTest {
    private static final Path SOURCE = Path.of("../sidecar/src/main/resources" + HeraldJvmOptions.RESOURCE);

    @Test
    void theBenchmarkReadsTheOptionsTheLauncherReads() throws Exception {
        List<String> options = HeraldJvmOptions.read();
        assertThat(options).isNotEmpty().allSatisfy(o -> assertThat(o).startsWith("-").doesNotContain(" ", "#"));
        // The pipeline ./herald uses for the default of HERALD_JAVA_OPTS.
        Process p = new ProcessBuilder("bash", "-c", "grep -v '^[[:space:]]*#' \"$0\" | xargs", SOURCE.toString())
                .redirectErrorStream(true).start();
        String launcher = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).isZero();
        assertThat(launcher).isEqualTo(String.join(" ", options));
    }
}
