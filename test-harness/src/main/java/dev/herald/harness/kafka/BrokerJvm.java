package dev.herald.harness.kafka;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How the broker's JVM is launched: the running JVM's {@code java}, modest memory, and the running
 * JVM's own classpath.
 *
 * <p>Why the test's classpath and not a list resolved for the broker alone: whoever starts a broker
 * has {@code org.apache.kafka:kafka_2.13} among their test dependencies (the harness declares it
 * optional), so the jars are already there, resolved by their build tool, in the versions their
 * in-test Kafka clients use. Nothing is downloaded at test time, and it works the same from Maven,
 * Gradle or an IDE, with no build step writing a classpath file that could be missing or stale. The
 * price: the build's own dependency management reaches the broker too (in this project Jackson 2.22
 * and SLF4J 2 instead of Kafka's 2.21 and 1.7; {@code KafkaBrokerTest} shows that combination works),
 * and the broker logs through the test's SLF4J binding, if any, to its standard output. The unrelated
 * jars on the classpath made no measurable difference to the start (classes load lazily).
 *
 * <p>The options and the classpath go into an argument file ({@code java @file}): a long test
 * classpath can exceed the kernel's limit for one command-line argument (128 KiB on Linux), and the
 * file lets a person rerun the broker by hand: {@code java @broker-jvm.args kafka.Kafka server.properties}.
 */
final class BrokerJvm {
    /**
     * SerialGC and a small heap: a test broker holds little. C1 only: on two shared cores the C2
     * compiler threads compete with the broker's startup; format and start took 10 s instead of 20 s
     * (means of four interleaved runs each) without them, and a test's traffic needs no peak code.
     * Exit on OutOfMemoryError so that a starved broker fails its test instead of limping on.
     */
    private static final List<String> OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");

    private final Path argFile;

    private BrokerJvm(Path argFile) {
        this.argFile = argFile;
    }

    /** Writes {@code broker-jvm.args} into {@code workDir}; fails clearly when the broker is not on the classpath. */
    static BrokerJvm prepare(Path workDir) {
        if (ClassLoader.getSystemResource("kafka/Kafka.class") == null) {
            throw new IllegalStateException("KafkaBroker runs the broker from the test classpath, which lacks it (kafka.Kafka): "
                    + "add the test dependency org.apache.kafka:kafka_2.13, in the version of your kafka-clients");
        }
        List<String> lines = new ArrayList<>(OPTIONS);
        lines.add("-cp");
        lines.add(quoted(absolute(System.getProperty("java.class.path"))));
        try {
            return new BrokerJvm(Files.write(workDir.resolve("broker-jvm.args"), lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A process running {@code mainClass} with {@code args} in a broker JVM, in {@code workDir}. */
    ProcessBuilder process(Path workDir, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + argFile);
        command.add(mainClass);
        command.addAll(args);
        return new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    }

    /** The broker runs in the work directory: entries relative to the test's directory would miss there. */
    private static String absolute(String classpath) {
        return Arrays.stream(classpath.split(File.pathSeparator, -1))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** An argument-file token: quoted for spaces, with the file format's escape characters escaped. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
