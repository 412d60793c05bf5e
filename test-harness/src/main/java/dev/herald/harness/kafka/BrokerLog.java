package dev.herald.harness.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * {@code broker.log}: the broker's output over all its runs, each run after a marker line, so that
 * the tail in a failure message shows the run that failed and nothing of the one before.
 */
final class BrokerLog {
    private static final String RUN_MARKER = "---- KafkaBroker: starting kafka.Kafka at ";

    private final Path file;

    BrokerLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Appends the line that begins a run; the run's output is to be appended after it. */
    ProcessBuilder.Redirect beginRun() {
        try {
            Files.writeString(file, RUN_MARKER + Instant.now() + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ProcessBuilder.Redirect.appendTo(file.toFile());
    }

    /** The last {@code lines} lines, from the latest run's marker at the earliest. */
    String tail(int lines) {
        return tail(file, lines);
    }

    /** The last {@code lines} lines of {@code file}, from its latest run marker (if any) at the earliest. */
    static String tail(Path file, int lines) {
        try {
            // Decoded leniently: a stray byte must not cost the failure message its log.
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            int from = Math.max(0, all.size() - lines);
            for (int i = all.size() - 1; i > from; i--) {
                if (all.get(i).startsWith(RUN_MARKER)) {
                    from = i;
                    break;
                }
            }
            return String.join("\n", all.subList(from, all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
