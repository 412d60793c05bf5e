package dev.herald.sidecar.cli;

import dev.herald.sidecar.HeraldServer;
import dev.herald.sidecar.config.ConfigLoader;
import dev.herald.sidecar.config.HeraldConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * A real Herald in-process for the CLI tests, and {@link #config()}: the config file the CLI reads
 * to reach it (the same keys, with the port Herald got).
 */
final class TestHerald implements AutoCloseable {
    static final String ACCESS_KEY = "cli-test-ak";
    static final String SECRET_KEY = "cli-test-sk";
    static final String MINIO_TOKEN = "cli-minio-token";
    static final String CEPH_TOKEN = "cli-ceph-token";
    static final String ADMIN_TOKEN = "cli-admin-token";
    /** Everything but {@code server} and {@code delivery}. */
    private static final String COMMON = """
            credentials:
              - { accessKey: %s, secretKey: %s, buckets: ["*"] }
            ingest:
              minio: { token: %s }
              ceph: { token: %s }
            admin: { token: %s }
            """.formatted(ACCESS_KEY, SECRET_KEY, MINIO_TOKEN, CEPH_TOKEN, ADMIN_TOKEN);

    private final HeraldServer server;
    private final Path config;

    private TestHerald(HeraldServer server, Path config) {
        this.server = server;
        this.config = config;
    }

    /** Herald with a fast retry schedule and loopback targets allowed. */
    static TestHerald start(Path dir) {
        return start(dir, "delivery: { allowPrivateTargets: true, retrySchedule: [0s, 200ms], jitter: 0 }\n");
    }

    /** @param delivery the {@code delivery:} section */
    static TestHerald start(Path dir, String delivery) {
        try {
            Path served = dir.resolve("herald-served.yaml");
            Files.writeString(served, COMMON + delivery);
            HeraldConfig config = ConfigLoader.load(served, Map.of()).withPort(0).withStorePath(dir.resolve("data"));
            HeraldServer server = startServer(config);
            Path forCli = dir.resolve("herald.yaml");
            Files.writeString(forCli, "server: { port: " + server.port() + " }\n" + COMMON + delivery);
            return new TestHerald(server, forCli);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one call of {@code HeraldServer.start}: its signature is about to change. */
    private static HeraldServer startServer(HeraldConfig config) {
        try {
            return HeraldServer.start(config, Clock.systemUTC());
        } catch (Exception e) {
            throw new IllegalStateException("Herald did not start", e);
        }
    }

    /** {@code herald ARGS --config <this Herald's config>}. */
    Cli.Run cli(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return Cli.run(all);
    }

    /** The config file for {@code --config}. */
    Path config() {
        return config;
    }

    String endpoint() {
        return server.baseUri().toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
