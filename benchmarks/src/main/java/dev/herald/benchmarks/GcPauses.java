package dev.herald.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Herald's GC pauses per phase, from the log its JVM writes with {@code -Xlog:gc:file=...}. */
final class GcPauses {
    private static final Pattern PAUSE = Pattern.compile("Pause.* ([0-9.]+)ms$");

    private final Path log;
    private final Map<String, String> byPhase = new LinkedHashMap<>();
    private int linesSeen;
    private String current = "start";

    GcPauses(Path log) {
        this.log = log;
    }

    /** The pauses logged since the last switch are the ending phase's; later ones count for {@code next}. */
    void phase(String next) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            return;
        }
        int count = 0;
        double total = 0;
        double max = 0;
        for (String line : lines.subList(Math.min(linesSeen, lines.size()), lines.size())) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                double ms = Double.parseDouble(m.group(1));
                count++;
                total += ms;
                max = Math.max(max, ms);
            }
        }
        linesSeen = lines.size();
        byPhase.put(current, String.format(Locale.ROOT, "%d, %.0f ms (max %.1f)", count, total, max));
        current = next;
    }

    /** Per phase that has ended: the number of pauses, their total and the longest. */
    Map<String, String> byPhase() {
        return new LinkedHashMap<>(byPhase);
    }
}
