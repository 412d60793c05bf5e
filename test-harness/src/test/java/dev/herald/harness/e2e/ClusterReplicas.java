package dev.herald.harness.e2e;

import dev.herald.sidecar.HeraldServer;
import dev.herald.sidecar.config.ConfigLoader;
import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.tracing.Tracing;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * In-process Herald replicas in cluster mode, each from its own config file in a directory of the
 * test's own. Registered on an instance field ({@code @RegisterExtension}), it is fresh for every
 * test and closes the replicas still running, and removes the directory, after it.
 */
final class ClusterReplicas implements BeforeEachCallback, AfterEachCallback, AutoCloseable {
    private final List<HeraldServer> running = new ArrayList<>();
    private Path dir;
    private int started;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("herald-cluster-");
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** Waits until every one of {@code replicas} owns at least one partition. */
    static void awaitPartitions(HeraldServer... replicas) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Stream.of(replicas)
                .allMatch(s -> ClusterWire.gauge(s, "herald_cluster_partitions") > 0));
    }

    HeraldServer start(String yaml) throws Exception {
        HeraldServer server = HeraldServer.start(config(yaml), Clock.systemUTC());
        running.add(server);
        return server;
    }

    HeraldServer start(String yaml, Tracing tracing) throws Exception {
        HeraldServer server = HeraldServer.start(config(yaml), Clock.systemUTC(), tracing);
        running.add(server);
        return server;
    }

    /** Stops one replica gracefully: it leaves the consumer group and hands its partitions over. */
    void stop(HeraldServer replica) {
        replica.close();
        running.remove(replica);
    }

    private HeraldConfig config(String yaml) throws Exception {
        int n = started++;
        Path file = Files.writeString(dir.resolve("herald-" + n + ".yaml"), yaml);
        // Cluster mode keeps nothing on disk; the path is only what the config requires.
        return ConfigLoader.load(file, Map.of()).withPort(0).withStorePath(dir.resolve("unused-" + n));
    }

    @Override
    public void close() {
        running.forEach(HeraldServer::close);
        running.clear();
    }
}
