package dev.herald.sidecar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code herald destinations list|enable} over Herald's admin API. */
@Command(name = "destinations",
        description = {"List the destinations Herald delivers to, or enable a target disabled by 410 Gone.",
                "Shows each destination's circuit breaker and backlog, and the target URLs disabled because they "
                        + "answered 410 Gone. Uses the admin API with --admin-token or the config's admin.token."},
        subcommands = {DestinationsCommand.ListDestinations.class, DestinationsCommand.Enable.class},
        footer = {"", "Examples:", "  herald destinations list", "  herald destinations enable http://10.0.0.7:8080/hook"})
public final class DestinationsCommand {
    @Mixin
    HelpOption help;

    @Command(name = "list", sortOptions = false,
            description = "List each destination (scheme://host:port) with its circuit and backlog, then the disabled targets.",
            footer = {"", "Example:", "  herald destinations list --json"})
    static final class ListDestinations extends CliCommand {
        @Mixin
        AdminOptions admin;

        @Override
        int run() {
            AdminApi api = admin.api();
            JsonNode destinations = api.call("GET", "/admin/destinations", null);
            JsonNode disabled = api.call("GET", "/admin/destinations/disabled", null);
            if (admin.json) {
                ObjectNode both = Json.MAPPER.createObjectNode();
                both.set("destinations", destinations.path("destinations"));
                both.set("disabled", disabled.path("disabled"));
                out().println(Json.pretty(both));
                return 0;
            }
            if (destinations.path("destinations").isEmpty()) {
                out().println("no destinations yet");
            } else {
                Table table = new Table("DESTINATION", "CIRCUIT", "OPENED", "HELD", "IN STORE", "READY", "SENDING");
                destinations.path("destinations").forEach(d -> table.row(d.path("destination").asText(),
                        d.path("circuit").asText(), d.path("timesOpened").asInt(), d.path("held").asInt(),
                        d.path("backlogInStore").asInt(), d.path("ready").asInt(), d.path("sending").asInt()));
                table.print(out());
            }
            out().println();
            if (disabled.path("disabled").isEmpty()) {
                out().println("no disabled targets");
            } else {
                Table table = new Table("DISABLED TARGET", "SINCE", "REASON");
                disabled.path("disabled").forEach(d -> table.row(d.path("url").asText(), d.path("disabledAt").asText(),
                        d.path("reason").asText()));
                table.print(out());
            }
            return 0;
        }
    }

    @Command(name = "enable", sortOptions = false,
            description = "Deliver to a target URL again that was disabled after it answered 410 Gone.",
            footer = {"", "Example:", "  herald destinations enable http://10.0.0.7:8080/hook"})
    static final class Enable extends CliCommand {
        @Mixin
        AdminOptions admin;

        @Parameters(paramLabel = "URL", description = "the disabled target URL, exactly as destinations list shows it")
        String url;

        @Override
        int run() {
            JsonNode answer = admin.api().call("DELETE", "/admin/destinations/disabled", "url=" + HeraldHttp.encode(url));
            out().println(admin.json ? Json.pretty(answer) : "enabled " + url + ": Herald delivers to it again");
            return 0;
        }
    }
}
