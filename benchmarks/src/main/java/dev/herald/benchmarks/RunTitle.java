package dev.herald.benchmarks;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The report's first line: when, what, on which machine, disk and Java, with which JVM options. */
final class RunTitle {
    private RunTitle() {
    }

    static String of(BenchmarkOptions o, String what, Path work) throws IOException {
        FileStore store = Files.getFileStore(work);
        return String.format(Locale.ROOT, "Run %s with %s; %d cores (%s), %s RAM, work directory on %s (%s); Java %s, %s %s %s; "
                        + "Herald and baselines JVM options: `%s`%s", Instant.now().truncatedTo(ChronoUnit.SECONDS), what,
                Runtime.getRuntime().availableProcessors(), cpuModel(), memTotal(), store.name(), store.type(),
                Runtime.version(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"), BenchmarkOptions.describe(o.jvm()),
                o.heraldJvm().isEmpty() ? "" : "; Herald only: `" + String.join(" ", o.heraldJvm()) + "`");
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB")
                    .findFirst().orElse("? GiB");
        } catch (IOException e) {
            return "? GiB";
        }
    }
}
