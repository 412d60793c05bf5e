package dev.herald.harness.kafka;

import dev.herald.harness.Ports;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker for tests: one KRaft node ({@code process.roles=broker,controller}) in a
 * JVM of its own, on fresh free ports of 127.0.0.1, formatted by {@code kafka.tools.StorageTool} and
 * run by {@code kafka.Kafka}, as Kafka's own scripts do. No container, nothing downloaded: the broker
 * comes from {@code org.apache.kafka:kafka_2.13} on the test classpath (see {@link BrokerJvm}).
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start(workDir)) {   // returns once an Admin client gets an answer
 *     kafka.createTopic("minio-events", 3, false);
 *     ... kafka.bootstrapServers() ...                      // "127.0.0.1:<port>"
 *     kafka.stop();                                         // SIGTERM; the broker shuts down cleanly
 *     kafka.restart();                                      // same ports, same data: clients reconnect
 * }
 * }</pre>
 *
 * Everything lives in the caller's {@code workDir}, which the caller owns and deletes:
 * {@code server.properties}, {@code data/} (log segments and the KRaft metadata log),
 * {@code format.log}, and {@code broker.log}, the broker's output across all its runs. A broker
 * that fails to start or to become ready is killed and reported with the end of its log.
 */
public final class KafkaBroker implements AutoCloseable {
    /** How long a start or restart waits for the broker to answer. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 60;
    /**
     * Compaction within seconds, so tests see it: a segment closes 0.5 s after its first record, and
     * the cleaner takes a topic once 1 % of it is superseded (instead of after 7 days and 50 %).
     */
    private static final Map<String, String> COMPACTED =
            Map.of("cleanup.policy", "compact", "segment.ms", "500", "min.cleanable.dirty.ratio", "0.01");

    private final Path workDir;
    private final Path config;
    private final BrokerLog log;
    private final int port;
    private final BrokerJvm jvm;
    /** A broker left running when the test JVM exits would hold its ports and a core: killed then. */
    private final Thread killOnExit = new Thread(this::killQuietly, "kafka-broker-kill-on-exit");
    private volatile Process process;
    private Duration lastStartDuration = Duration.ZERO;
    private boolean closed;

    private KafkaBroker(Path workDir, Path config, int port, BrokerJvm jvm) {
        this.workDir = workDir;
        this.config = config;
        this.log = new BrokerLog(workDir.resolve("broker.log"));
        this.port = port;
        this.jvm = jvm;
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Formats a new cluster (random id) in {@code workDir/data} and starts its broker.
     *
     * @throws IllegalStateException if the broker is not on the classpath, or does not format, start
     *                               or answer within {@link #READY_TIMEOUT}; with the end of its log
     */
    public static KafkaBroker start(Path workDir) {
        Path dir = workDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
            int port = Ports.freePort();
            int controllerPort = Ports.freePort();
            while (controllerPort == port) {
                controllerPort = Ports.freePort();
            }
            Path config = Files.writeString(dir.resolve("server.properties"),
                    BrokerProperties.render(port, controllerPort, dir.resolve("data")));
            KafkaBroker broker = new KafkaBroker(dir, config, port, BrokerJvm.prepare(dir));
            try {
                long formatting = System.nanoTime();
                broker.format();
                broker.launch(formatting);
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code host:port} of the PLAINTEXT listener, for {@code bootstrap.servers}; the same across restarts. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * Stops the broker as an operator would (SIGTERM: a controlled shutdown that closes its logs
     * cleanly) and waits until it has exited. Does nothing if it is not running.
     *
     * @throws IllegalStateException if it had to be killed after {@code 30 s}
     */
    public synchronized void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        if (!exited(p, STOP_TIMEOUT)) {
            kill();
            throw new IllegalStateException("Kafka broker did not stop within " + STOP_TIMEOUT.toSeconds()
                    + " s of SIGTERM and was killed; its log is " + log.file() + ":\n" + logTail(LOG_TAIL_LINES));
        }
    }

    /** {@code kill -9}: nothing flushed or closed, the next start recovers the logs. Returns once it is gone. */
    public synchronized void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        if (!exited(p, STOP_TIMEOUT)) {
            throw new IllegalStateException("Kafka broker (pid " + p.pid() + ") still alive "
                    + STOP_TIMEOUT.toSeconds() + " s after SIGKILL");
        }
    }

    /**
     * Stops the broker if it runs ({@link #stop()}), then starts it again on the same ports and data
     * directory and waits until it answers; also the way to bring it back after {@link #stop()} or {@link #kill()}.
     */
    public synchronized void restart() {
        stop();
        launch(System.nanoTime());
    }

    /** Creates a topic with one replica per partition, and returns once every partition has a leader. */
    public void createTopic(String name, int partitions, boolean compacted) {
        createTopic(name, partitions, compacted ? COMPACTED : Map.of());
    }

    /** As {@link #createTopic(String, int, boolean)}, with topic configs of the caller's choosing. */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        BrokerAdmin.createTopic(bootstrapServers(), name, partitions, configs);
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * How long the last start took until the broker answered: the first one with formatting, a
     * restart without its stop.
     */
    public synchronized Duration lastStartDuration() {
        return lastStartDuration;
    }

    public int port() {
        return port;
    }

    /** The running broker's process id (its CPU time and memory are in {@code /proc/<pid>}). */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("Kafka broker was not started");
        }
        return process.pid();
    }

    /** The directory holding {@code server.properties}, {@code data/} and the logs. */
    public Path workDir() {
        return workDir;
    }

    /** The broker's output (stdout and stderr) of every run so far. */
    public Path log() {
        return log.file();
    }

    /** The last {@code lines} lines of {@link #log()}, at most from the latest run's start, for failure messages. */
    public String logTail(int lines) {
        return log.tail(lines);
    }

    /** {@link #stop()}, for good: a closed broker does not start again. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway, and finds the broker stopped
            }
        }
    }

    private void format() {
        Path out = workDir.resolve("format.log");
        List<String> args = List.of("format", "--config", config.toString(),
                "--cluster-id", Uuid.randomUuid().toString(), "--standalone");
        try {
            Process p = jvm.process(workDir, "kafka.tools.StorageTool", args).redirectOutput(out.toFile()).start();
            if (!exited(p, FORMAT_TIMEOUT)) {
                p.destroyForcibly();
                exited(p, STOP_TIMEOUT);
                throw new IllegalStateException("kafka.tools.StorageTool format did not finish within "
                        + FORMAT_TIMEOUT.toSeconds() + " s in " + workDir + ":\n" + BrokerLog.tail(out, LOG_TAIL_LINES));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("kafka.tools.StorageTool format exited with " + p.exitValue()
                        + " in " + workDir + ":\n" + BrokerLog.tail(out, LOG_TAIL_LINES));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kafka.tools.StorageTool", e);
        }
    }

    /** Runs {@code kafka.Kafka} and waits until it answers; {@code since} is when this start began. */
    private synchronized void launch(long since) {
        if (closed) {
            throw new IllegalStateException("Kafka broker in " + workDir + " is closed");
        }
        if (isAlive()) {
            throw new IllegalStateException("Kafka broker is already running (pid " + process.pid() + ")");
        }
        try {
            process = jvm.process(workDir, "kafka.Kafka", List.of(config.toString())).redirectOutput(log.beginRun()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kafka.Kafka", e);
        }
        awaitReady();
        lastStartDuration = Duration.ofNanos(System.nanoTime() - since);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue()
                        + " while starting; its log is " + log.file() + ":\n" + logTail(LOG_TAIL_LINES));
            }
            // The client listener opens only once the broker runs; probing it first keeps the Admin
            // client from logging a refused connection at every retry.
            if (listening() && BrokerAdmin.answers(bootstrapServers())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("Kafka broker not ready within " + READY_TIMEOUT.toSeconds()
                        + " s and killed; its log is " + log.file() + ":\n" + logTail(LOG_TAIL_LINES));
            }
            pause(Duration.ofMillis(100));
        }
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private void killQuietly() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    private static boolean exited(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for pid " + p.pid(), e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + workDir + "]";
    }
}
