package dev.herald.sidecar.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of every admin-API command: where Herald is, its admin token, and raw JSON output. */
final class AdminOptions {
    @Mixin
    HeraldConnection connection;

    @Option(names = "--admin-token", paramLabel = "TOKEN",
            description = "Herald's admin token (default: admin.token of the config); never printed")
    String adminToken;

    @Option(names = "--json", description = "print Herald's JSON instead of a table")
    boolean json;

    AdminApi api() {
        String token = adminToken != null ? adminToken : connection.config().admin().token();
        if (token == null) {
            throw CliException.usage("no admin token: pass --admin-token, or set admin.token in " + connection.configPath());
        }
        return new AdminApi(new HeraldHttp(connection.endpoint()), token);
    }
}
