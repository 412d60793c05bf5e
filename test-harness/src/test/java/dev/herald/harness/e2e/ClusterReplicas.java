package dev.herald.harness.e2e;

import dev.herald.sidecar.HeraldServer;
import dev.herald.sidecar.config.ConfigLoader;
import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.tracing.Tracing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** In-process Herald replicas in cluster mode, each from its own config file; those still running are closed at the end. */
final class ClusterReplicas implements AutoCloseable {
    private final Path dir;
    private final List<HeraldServer> running = new ArrayList<>();
    private int started;

    ClusterReplicas(Path dir) {
        this.dir = dir;
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
