package dev.herald.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code herald.jar} in a JVM of its own: for tests whose classpath clashes with Herald's (an SDK
 * on another Jackson), and for tests that crash Herald ({@link #kill()} is a real {@code SIGKILL}).
 * Uses only the JDK, so it can be put on any classpath without Herald's dependencies.
 *
 * <pre>{@code
 * try (HeraldProcess herald = HeraldProcess.start(workDir, yaml)) {   // free port, data in workDir/data
 *     ... herald.baseUri() ...
 *     herald.kill();      // kill -9
 *     herald.start();     // same data directory, same port; waits for /readyz
 * }
 * }</pre>
 *
 * The jar is the system property {@code herald.jar}, by default {@code ../sidecar/target/herald.jar}
 * (from a module of this build; {@code mvn package -pl sidecar -am} makes it). The config is written
 * to {@code herald.yaml} in the work directory and Herald's output is appended to {@code herald.log}
 * there. {@code HERALD_*} environment variables of the test's own environment are not passed on:
 * the YAML given is the whole configuration, plus what {@link #environment(Map)} adds.
 */
public final class HeraldProcess implements AutoCloseable {
    /** How long {@link #start()} waits for {@code /readyz}. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path jar;
    private final Path config;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private final List<String> jvmOptions;
    private Map<String, String> environment = Map.of();
    private Process process;

    private HeraldProcess(Path jar, Path config, Path dataDir, Path log, int port, List<String> jvmOptions) {
        this.jar = jar;
        this.config = config;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** Starts Herald on a free port with its data in {@code workDir/data}; returns once it is ready. */
    public static HeraldProcess start(Path workDir, String yaml) {
        return start(workDir, yaml, workDir.resolve("data"), 0);
    }

    /**
     * Starts Herald with its data in {@code dataDir} on {@code port} (0: a free one, kept across
     * restarts); returns once it is ready.
     */
    public static HeraldProcess start(Path workDir, String yaml, Path dataDir, int port) {
        return start(workDir, yaml, dataDir, port, List.of());
    }

    /** As {@link #start(Path, String, Path, int)}, with options for Herald's JVM ({@code -Xmx256m}). */
    public static HeraldProcess start(Path workDir, String yaml, Path dataDir, int port, List<String> jvmOptions) {
        HeraldProcess herald = create(workDir, yaml, dataDir, port, jvmOptions);
        herald.start();
        return herald;
    }

    /** Prepares a Herald without starting it (see {@link #start()}). */
    public static HeraldProcess create(Path workDir, String yaml, Path dataDir, int port, List<String> jvmOptions) {
        Path jar = jar();
        try {
            Files.createDirectories(workDir);
            Path config = Files.writeString(workDir.resolve("herald.yaml"), yaml);
            return new HeraldProcess(jar, config, dataDir.toAbsolutePath(), workDir.resolve("herald.log"),
                    port == 0 ? Ports.freePort() : port, jvmOptions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar this class runs: system property {@code herald.jar}, else {@code ../sidecar/target/herald.jar}. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("herald.jar", "../sidecar/target/herald.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -DskipTests package -pl sidecar -am)");
        }
        return jar;
    }

    /** Environment variables for every later {@link #start()} (Kubernetes' service links, say); returns this. */
    public synchronized HeraldProcess environment(Map<String, String> variables) {
        environment = Map.copyOf(variables);
        return this;
    }

    /** Starts Herald (again: same config, data directory and port) and waits until {@code /readyz} answers 200. */
    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException("Herald is already running (pid " + process.pid() + ")");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString(),
                "--port", Integer.toString(port), "--data", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("HERALD_"));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
        awaitReady(READY_TIMEOUT);
    }

    /** Stops Herald as a shutdown would (SIGTERM; SIGKILL after 30 s, beyond the default server.shutdownGrace) and waits until it has exited. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Sends SIGTERM and returns at once; {@link #awaitExit(Duration)} waits for the exit. */
    public synchronized void terminate() {
        if (process == null) {
            throw new IllegalStateException("Herald was not started");
        }
        process.destroy();
    }

    /** The exit status, once the process has exited within {@code timeout}; fails if it has not. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Herald (pid " + p.pid() + ") still running " + timeout + " after SIGTERM");
        }
        return p.exitValue();
    }

    /** {@code kill -9}: no shutdown hook, nothing flushed; returns once the process is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Herald (pid " + process.pid() + ") still alive 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Herald to die", e);
        }
    }

    /** {@link #stop()}, then {@link #start()} on the same data directory and port. */
    public void restart() {
        stop();
        start();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The running process's id. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("Herald was not started");
        }
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Herald's output (stdout and stderr) of every run so far. */
    public Path log() {
        return log;
    }

    /** The last {@code lines} lines of {@link #log()}, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Herald exited with " + process.exitValue() + ":\n" + logTail(40));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) baseUri().resolve("/readyz").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(1000);
                try {
                    if (c.getResponseCode() == 200) {
                        return;
                    }
                } finally {
                    c.disconnect();
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        kill();
        throw new IllegalStateException("Herald not ready within " + timeout + ":\n" + logTail(40));
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }
}
