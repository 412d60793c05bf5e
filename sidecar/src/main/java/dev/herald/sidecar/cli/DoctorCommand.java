package dev.herald.sidecar.cli;

import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.net.TargetGuard;
import dev.herald.sidecar.net.TargetGuards;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/** {@code herald doctor}: checks a Herald's config, machine, backend and rules, one line each. */
@Command(name = "doctor", sortOptions = false,
        description = {"Check that Herald can run and deliver: one line per check, ✔ or ✘, and for each ✘ how to fix it.",
                "Checks the config and its secrets, the data directory, the port, the backend (credentials, clock), in cluster "
                        + "mode the Kafka broker and the topics, and, "
                        + "when Herald runs on the config's port and the admin token is known, that every bucket with "
                        + "rules is wired and every destination resolves and passes the SSRF guard. "
                        + "Exits 1 when a check failed, 0 otherwise."},
        footer = {"", "Examples:", "  herald doctor", "  herald doctor --config /etc/herald/herald.yaml"})
public final class DoctorCommand extends CliCommand {
    @Mixin
    HeraldConnection connection;

    @Option(names = "--admin-token", paramLabel = "TOKEN",
            description = "Herald's admin token, to read its rules and wiring (default: admin.token of the config); never printed")
    String adminToken;

    @Override
    int run() {
        DoctorReport report = new DoctorReport(out());
        HeraldConfig config;
        TargetGuard guard;
        try {
            config = connection.config();
            guard = TargetGuards.of(config.delivery().allowPrivateTargets(), config.delivery().allowTargets(),
                    config.dialects().qingstor().moderationEndpoint());
            report.ok("config " + connection.configPath() + " is valid");
        } catch (CliException | IllegalArgumentException e) {
            report.fail("config " + connection.configPath() + ": " + e.getMessage(), "correct the config (docs/configuration.md)");
            return 1;
        }
        LocalChecks local = new LocalChecks(config, report);
        local.secrets();
        local.dataDirectory();
        Optional<String> running = local.port();
        if (config.backend().configured()) {
            BackendChecks backend = new BackendChecks(config.backend(), report, Clock.systemUTC());
            backend.credentials();
            backend.clockSkew();
        } else {
            report.skipped("backend", "backend.endpoint is not set");
        }
        if (config.cluster() != null) {
            new ClusterChecks(config.cluster().kafka(), config.ingest().kafka().topics(), report).check(running.isPresent());
        }
        String token = adminToken != null ? adminToken : config.admin().token();
        if (running.isEmpty()) {
            report.skipped("rules", "Herald is not running on port " + config.server().port());
        } else if (token == null) {
            report.skipped("rules", "no admin token to read them with: pass --admin-token or set admin.token");
        } else {
            URI herald = connection.endpoint();
            RuleChecks rules = new RuleChecks(new AdminApi(new HeraldHttp(herald), token), guard, report);
            try {
                rules.wiring(herald);
                rules.destinations(config);
            } catch (CliException e) {
                report.fail("rules: " + e.getMessage(), "check that the Herald on " + herald + " is this config's");
            }
        }
        out().println(report.failures() == 0 ? "all checks passed"
                : report.failures() + " check" + (report.failures() == 1 ? "" : "s") + " failed");
        return report.failures() == 0 ? 0 : 1;
    }
}
