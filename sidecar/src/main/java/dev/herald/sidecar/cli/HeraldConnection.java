package dev.herald.sidecar.cli;

import dev.herald.sidecar.config.ConfigException;
import dev.herald.sidecar.config.ConfigLoader;
import dev.herald.sidecar.config.HeraldConfig;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --config FILE} and {@code --endpoint URL}: where the running Herald is, and the config
 * that holds its port, credentials, tokens and admin token. The config is read only when a value
 * is needed from it, with the same {@code HERALD_...} environment overrides {@code serve} applies.
 */
final class HeraldConnection {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "./herald.yaml",
            description = "Herald's config, for the endpoint's port, credentials, ingest tokens and admin token "
                    + "(default: ${DEFAULT-VALUE}; HERALD_... environment variables override it)")
    Path config;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Herald's base URL (default: http://127.0.0.1:<server.port of the config>)")
    URI endpoint;

    private HeraldConfig loaded;

    /** The base URL to send to. */
    URI endpoint() {
        if (endpoint != null) {
            String path = endpoint.getRawPath();
            boolean rootPath = path == null || path.isEmpty() || path.equals("/");
            if (endpoint.getScheme() == null || endpoint.getHost() == null || !rootPath || endpoint.getRawQuery() != null) {
                throw CliException.usage("--endpoint must be Herald's base URL, like http://127.0.0.1:9100, not " + endpoint);
            }
            return endpoint;
        }
        int port = config().server().port();
        if (port == 0) {
            throw CliException.usage("server.port is 0 (any free port) in " + config + ": pass --endpoint");
        }
        return URI.create((config().server().tls() != null ? "https" : "http") + "://127.0.0.1:" + port);
    }

    /** The config file, read once. */
    HeraldConfig config() {
        if (loaded == null) {
            if (!Files.isRegularFile(config)) {
                throw CliException.usage(config + " does not exist: pass --config FILE (or the values it would give "
                        + "as options)");
            }
            try {
                loaded = ConfigLoader.load(config, System.getenv());
            } catch (ConfigException e) {
                throw CliException.usage(e.getMessage());
            }
        }
        return loaded;
    }

    Path configPath() {
        return config;
    }
}
