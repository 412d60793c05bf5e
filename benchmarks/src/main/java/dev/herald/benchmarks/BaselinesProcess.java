package dev.herald.benchmarks;

import dev.herald.harness.HeraldProcess;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baselines' JVM ({@link Baselines}, on herald.jar's Jetty) as the benchmark runs it: with
 * Herald's JVM options, its standard error in {@code baselines.log} of the work directory.
 */
final class BaselinesProcess {
    private static final Pattern READY = Pattern.compile("ready ack=(\\d+) relay=(\\d+) pid=(\\d+)");

    private final Process process;
    private final Path log;
    private int ackPort;
    private int relayPort;
    private long pid;

    private BaselinesProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the JVM; {@link #awaitReady()} then waits until both baselines listen. */
    static BaselinesProcess launch(Path work, List<String> jvm, URI sink) throws IOException {
        Path classes;
        try {
            classes = Path.of(Baselines.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvm);
        command.addAll(List.of("-cp", classes + File.pathSeparator + HeraldProcess.jar(),
                Baselines.class.getName(), sink.toString()));
        Path log = work.resolve("baselines.log");
        return new BaselinesProcess(new ProcessBuilder(command).redirectError(log.toFile()).start(), log);
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Reads the baselines' first line (their ports and pid); a daemon then drains the rest of their output. */
    void awaitReady() throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            throw new IllegalStateException("the baselines JVM exited: " + tail(log));
        }
        Thread.ofPlatform().daemon(true).start(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // it exited
            }
        });
        Matcher m = READY.matcher(line);
        if (!m.find()) {
            throw new IllegalStateException("baselines said: " + line);
        }
        ackPort = Integer.parseInt(m.group(1));
        relayPort = Integer.parseInt(m.group(2));
        pid = Long.parseLong(m.group(3));
    }

    /** The baselines JVM's own pid, as it reported it. */
    long pid() {
        return pid;
    }

    URI ackUrl() {
        return URI.create("http://127.0.0.1:" + ackPort + "/ack");
    }

    URI relayUrl() {
        return URI.create("http://127.0.0.1:" + relayPort + "/relay");
    }

    /** Closing their standard input ends the baselines; they are killed if still running 10 s later. */
    void stop() throws InterruptedException {
        try (OutputStream in = process.getOutputStream()) {
            in.flush();
        } catch (IOException gone) {
            // already exited
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    void kill() {
        process.destroyForcibly();
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no " + file + ")";
        }
    }
}
