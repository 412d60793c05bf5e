package dev.herald.sidecar;

import dev.herald.sidecar.config.ConfigException;
import dev.herald.sidecar.config.ConfigLoader;
import dev.herald.sidecar.config.HeraldConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code herald serve --config FILE [--port N] [--data DIR]}. */
@Command(name = "herald", mixinStandardHelpOptions = true, versionProvider = HeraldMain.Version.class,
        description = "Vendor-compatible bucket notifications for MinIO and Ceph RGW.",
        subcommands = {HeraldMain.Serve.class, dev.herald.sidecar.cli.RulesCommand.class, dev.herald.sidecar.cli.EventsCommand.class, dev.herald.sidecar.cli.ReceiveCommand.class, dev.herald.sidecar.cli.DeadLettersCommand.class, dev.herald.sidecar.cli.DestinationsCommand.class, dev.herald.sidecar.cli.ReconcileCommand.class, dev.herald.sidecar.cli.DoctorCommand.class})
public final class HeraldMain {

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Herald " + HeraldVersion.current()};
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new HeraldMain()).execute(args));
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run Herald until interrupted.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--config", description = "YAML config file (HERALD_... environment variables override it)")
        Path config;

        @Option(names = "--port", description = "listen port (overrides server.port)")
        Integer port;

        @Option(names = "--data", description = "data directory (overrides store.path)")
        Path data;

        @Override
        public Integer call() throws Exception {
            HeraldConfig cfg;
            try {
                cfg = ConfigLoader.load(config, System.getenv());
            } catch (ConfigException e) {
                System.err.println("herald: " + e.getMessage());
                return 2;
            }
            if (port != null) {
                cfg = cfg.withPort(port);
            }
            if (data != null) {
                cfg = cfg.withStorePath(data);
            }
            HeraldServer server;
            try {
                server = HeraldServer.start(cfg, Clock.systemUTC());
            } catch (ConfigException e) {
                System.err.println("herald: " + e.getMessage());
                return 2;
            }
            CountDownLatch stop = new CountDownLatch(1);
            TerminationSignals.onTermination(stop::countDown);
            // Any other way out (System.exit elsewhere) still closes the store; close() runs once.
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "herald-shutdown"));
            stop.await();
            server.close();
            return 0;
        }
    }
}
