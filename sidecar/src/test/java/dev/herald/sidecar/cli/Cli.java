package dev.herald.sidecar.cli;

import dev.herald.sidecar.HeraldMain;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code herald ...} in-process as {@code main} would, with stdout and stderr captured. */
final class Cli {
    private Cli() {
    }

    /** What a command printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = commandLine(out, err).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A command that runs until interrupted ({@code herald receive}), on a thread of its own. */
    static Background background(String... args) {
        return new Background(args);
    }

    private static CommandLine commandLine(StringWriter out, StringWriter err) {
        return new CommandLine(new HeraldMain()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    }

    static final class Background implements AutoCloseable {
        private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final AtomicInteger exitCode = new AtomicInteger(-1);
        private final Thread thread;

        private Background(String[] args) {
            CommandLine cli = commandLine(out, err);
            thread = Thread.ofPlatform().name("herald-cli-" + args[0]).start(() -> exitCode.set(cli.execute(args)));
        }

        String out() {
            return out.toString();
        }

        /** Waits until the output contains {@code text}. */
        String awaitOutput(String text, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (!out().contains(text)) {
                if (Instant.now().isAfter(deadline) || !thread.isAlive()) {
                    throw new AssertionError("no '" + text + "' within " + timeout + "; out:\n" + out() + "\nerr:\n" + err);
                }
                Thread.sleep(20);
            }
            return out();
        }

        /** The port {@code herald receive} listens on, once it does. */
        int port() throws InterruptedException {
            Matcher m = LISTENING.matcher(awaitOutput("listening on", Duration.ofSeconds(10)));
            if (!m.find()) {
                throw new AssertionError("no port in: " + out());
            }
            return Integer.parseInt(m.group(1));
        }

        /** Stops the command (a test's Ctrl-C: the thread is interrupted); its exit code. */
        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
            return exitCode.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
