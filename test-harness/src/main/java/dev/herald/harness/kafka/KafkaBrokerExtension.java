package dev.herald.harness.kafka;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real Kafka broker ({@link KafkaBroker}) for a test class: started before its first test, on
 * fresh ports in a fresh temporary directory, and stopped after its last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static KafkaBrokerExtension kafka = new KafkaBrokerExtension();   // kafka.broker().bootstrapServers()
 * }</pre>
 *
 * or {@code @ExtendWith(KafkaBrokerExtension.class)}; either way a {@link KafkaBroker} parameter of a
 * test, a lifecycle method or the constructor receives the broker. {@code @Nested} classes share
 * their enclosing class's broker. Needs {@code org.apache.kafka:kafka_2.13} among the test
 * dependencies. The work directory, with the broker's log, is kept when a test failed; its path is
 * published as the report entry {@code kafka.workDir}.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private String owner;
    private Path dir;
    private KafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (broker != null) {
            return; // a @Nested class inside the one that started it
        }
        owner = context.getUniqueId();
        dir = Files.createTempDirectory("herald-kafka-");
        context.publishReportEntry("kafka.workDir", dir.toString());
        broker = KafkaBroker.start(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(owner)) {
            return;
        }
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            broker = null;
            if (context.getExecutionException().isEmpty()) {
                deleteRecursively(dir);
            }
        }
    }

    /** The class's broker; started once {@code beforeAll} has run. */
    public KafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("no Kafka broker yet: it starts before the first test of the class");
        }
        return broker;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (broker == null) {
            throw new ParameterResolutionException("no Kafka broker yet for " + parameter.getDeclaringExecutable()
                    + ": it starts before the test class's @BeforeAll methods");
        }
        return broker;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
