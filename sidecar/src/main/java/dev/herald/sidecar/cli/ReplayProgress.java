package dev.herald.sidecar.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.Locale;

/**
 * Counts and rate of a running replay, {@code replayed 1200/5000  (400/s)}: on a terminal one line
 * rewritten in place ({@code \r}) ten times a second; otherwise (a pipe, a file, a CI log) one line
 * per second, so that the output stays readable.
 */
final class ReplayProgress {
    static final long TERMINAL_PERIOD_MILLIS = 100;
    static final long LINE_PERIOD_MILLIS = 1000;

    private final PrintWriter out;
    private final boolean terminal;
    private final Clock clock;
    private long startedAt;
    private long printedAt;
    private int printedWidth;

    ReplayProgress(PrintWriter out, boolean terminal, Clock clock) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
    }

    /** Whether standard output is a terminal (JDK 22+ has a console object even when it is not, hence isTerminal). */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            // Before JDK 22 a console exists only for a terminal.
            return true;
        }
    }

    void start() {
        startedAt = clock.millis();
        printedAt = startedAt;
    }

    /** Prints the counts if the period has passed since they were last printed. */
    void update(int done, int total) {
        long now = clock.millis();
        if (now - printedAt >= (terminal ? TERMINAL_PERIOD_MILLIS : LINE_PERIOD_MILLIS)) {
            print(done, total, now);
            printedAt = now;
        }
    }

    /** The final counts, then {@code replayed N dead letters in S s (R/s)}. */
    void finish(int done, int total) {
        long now = clock.millis();
        if (terminal) {
            print(done, total, now);
            out.println();
        }
        double seconds = (now - startedAt) / 1000.0;
        out.println(String.format(Locale.ROOT, "replayed %d dead letter%s in %.1f s (%d/s)", done, done == 1 ? "" : "s",
                seconds, rate(done, now)));
        out.flush();
    }

    private void print(int done, int total, long now) {
        String line = "replayed " + done + "/" + total + "  (" + rate(done, now) + "/s)";
        if (terminal) {
            // Spaces blank out what a longer earlier line left on the screen.
            out.print("\r" + line + " ".repeat(Math.max(0, printedWidth - line.length())));
            printedWidth = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    private long rate(int done, long now) {
        return Math.round(done * 1000.0 / Math.max(1, now - startedAt));
    }
}
