package dev.herald.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Herald's JVM options as herald.jar carries them ({@value #RESOURCE}, from
 * {@code sidecar/src/main/resources}; {@code ./herald serve} reads the same file): one option per
 * line, lines starting with {@code #} are comments.
 */
final class HeraldJvmOptions {
    static final String RESOURCE = "/dev/herald/sidecar/jvm.options";

    private HeraldJvmOptions() {
    }

    static List<String> read() {
        InputStream in = HeraldJvmOptions.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is not on the classpath: it comes with herald.jar");
        }
        List<String> options = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String option = line.strip();
                if (!option.isEmpty() && !option.startsWith("#")) {
                    options.add(option);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(options);
    }
}
