package dev.herald.sidecar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;

/** {@code herald dead-letters list|show|replay|purge} over Herald's admin API. */
@Command(name = "dead-letters",
        description = {"List, show, replay or purge dead letters (deliveries whose retries are spent).",
                "A replayed dead letter goes back to delivery under its own id, with a fresh retry budget. Uses the "
                        + "admin API with --admin-token or the config's admin.token. Times are RFC 3339 "
                        + "(2026-11-23T10:00:00Z) or an age (90s, 15m, 2h, 7d)."},
        subcommands = {DeadLettersCommand.ListLetters.class, DeadLettersCommand.Show.class, DeadLettersCommand.Replay.class,
                DeadLettersCommand.Purge.class},
        footer = {"", "Examples:",
                "  herald dead-letters list",
                "  herald dead-letters show 3f2a...",
                "  herald dead-letters replay --all --since 2h",
                "  herald dead-letters purge --before 7d"})
public final class DeadLettersCommand {
    @Mixin
    HelpOption help;

    @Command(name = "list", sortOptions = false,
            description = "List dead letters, newest first.",
            footer = {"", "Example:", "  herald dead-letters list --limit 50 --before 2026-11-23T10:00:00Z"})
    static final class ListLetters extends CliCommand {
        @Mixin
        AdminOptions admin;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
                description = "how many, 1 to 1000 (default: ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--before", paramLabel = "TIME", converter = TimeArgument.class,
                description = "only those that died before TIME (default: the newest)")
        Instant before;

        @Override
        int run() {
            JsonNode answer = admin.api().call("GET", "/admin/dead-letters",
                    "limit=" + limit + (before == null ? "" : "&before=" + HeraldHttp.encode(before.toString())));
            if (admin.json) {
                out().println(Json.pretty(answer));
                return 0;
            }
            JsonNode letters = answer.path("deadLetters");
            if (letters.isEmpty()) {
                out().println("no dead letters");
                return 0;
            }
            Table table = new Table("ID", "DIED", "DIALECT", "BUCKET", "RULE", "ATTEMPTS", "LAST", "TARGET");
            letters.forEach(d -> table.row(d.path("id").asText(), d.path("diedAt").asText(), d.path("dialect").asText(),
                    d.path("bucket").asText(), d.path("ruleId").asText(), d.path("attempts").asInt(), last(d),
                    d.path("method").asText() + " " + d.path("targetUrl").asText()));
            table.print(out());
            return 0;
        }
    }

    @Command(name = "show", sortOptions = false,
            description = "Show one dead letter and the log of its attempts.",
            footer = {"", "Example:", "  herald dead-letters show 3f2a..."})
    static final class Show extends CliCommand {
        @Mixin
        AdminOptions admin;

        @Parameters(paramLabel = "ID", description = "the dead letter's id (as dead-letters list shows it)")
        String id;

        @Override
        int run() {
            JsonNode d = admin.api().call("GET", "/admin/dead-letters/" + HeraldHttp.encode(id), null);
            if (admin.json) {
                out().println(Json.pretty(d));
                return 0;
            }
            Table fields = new Table("id", d.path("id").asText());
            fields.row("dialect", d.path("dialect").asText()).row("bucket", d.path("bucket").asText())
                    .row("rule", d.path("ruleId").asText()).row("event", d.path("eventId").asText())
                    .row("target", d.path("method").asText() + " " + d.path("targetUrl").asText())
                    .row("attempts", d.path("attempts").asInt()).row("created", d.path("createdAt").asText())
                    .row("died", d.path("diedAt").asText()).row("last", last(d));
            fields.print(out());
            out().println();
            Table attempts = new Table("ATTEMPT", "STARTED", "MS", "STATUS", "ERROR");
            d.path("attemptLog").forEach(a -> attempts.row(a.path("number").asInt(), a.path("startedAt").asText(),
                    a.path("durationMs").asLong(), a.path("status").isNull() ? null : a.path("status").asInt(),
                    a.path("error").isNull() ? null : a.path("error").asText()));
            attempts.print(out());
            return 0;
        }
    }

    @Command(name = "replay", sortOptions = false,
            description = {"Replay one dead letter, or all of them (--all [--since TIME]).",
                    "A bulk replay shows its progress: counts and rate on one updating line on a terminal, a line per "
                    + "second otherwise."},
            footer = {"", "Examples:", "  herald dead-letters replay 3f2a...", "  herald dead-letters replay --all --since 2h"})
    static final class Replay extends CliCommand {
        @Mixin
        AdminOptions admin;

        @Parameters(paramLabel = "ID", arity = "0..1", description = "the dead letter to replay")
        String id;

        @Option(names = "--all", description = "replay every dead letter (those that died since --since)")
        boolean all;

        @Option(names = "--since", paramLabel = "TIME", converter = TimeArgument.class,
                description = "with --all: only those that died at or after TIME (default: all of them)")
        Instant since;

        @Override
        int run() throws InterruptedException {
            if ((id != null) == all || since != null && !all) {
                throw CliException.usage("give either an ID or --all [--since TIME]");
            }
            AdminApi api = admin.api();
            if (id != null) {
                JsonNode answer = api.call("POST", "/admin/dead-letters/" + HeraldHttp.encode(id) + "/replay", null);
                out().println(admin.json ? Json.pretty(answer) : "replayed dead letter " + id);
                return 0;
            }
            // With --json, standard output is the JSON summary alone.
            ReplayProgress progress = new ReplayProgress(admin.json ? new PrintWriter(Writer.nullWriter()) : out(),
                    ReplayProgress.stdoutIsTerminal(), Clock.systemUTC());
            DeadLetterReplay.Result result = new DeadLetterReplay(api, progress, DeadLetterReplay.PAGE)
                    .replaySince(since == null ? Instant.EPOCH : since);
            if (admin.json) {
                out().println(Json.pretty(Json.MAPPER.valueToTree(result)));
            } else if (result.total() == 0) {
                out().println("no dead letters" + (since == null ? "" : " died since " + since));
            } else if (result.gone() > 0) {
                out().println(result.gone() + " were no longer dead letters (replayed or purged meanwhile)");
            }
            if (result.failed() > 0) {
                throw CliException.failed(result.failed() + " of " + result.total() + " replays failed; the first: "
                        + result.firstFailure());
            }
            return 0;
        }
    }

    @Command(name = "purge", sortOptions = false,
            description = "Delete one dead letter, or all that died before a time. Dead letters still waiting to be "
                    + "written to a KS3 failure report are kept.",
            footer = {"", "Examples:", "  herald dead-letters purge 3f2a...", "  herald dead-letters purge --before 7d"})
    static final class Purge extends CliCommand {
        @Mixin
        AdminOptions admin;

        @Parameters(paramLabel = "ID", arity = "0..1", description = "the dead letter to delete")
        String id;

        @Option(names = "--before", paramLabel = "TIME", converter = TimeArgument.class,
                description = "delete all that died before TIME")
        Instant before;

        @Override
        int run() {
            if ((id == null) == (before == null)) {
                throw CliException.usage("give either an ID or --before TIME");
            }
            JsonNode answer = id != null
                    ? admin.api().call("DELETE", "/admin/dead-letters/" + HeraldHttp.encode(id), null)
                    : admin.api().call("DELETE", "/admin/dead-letters", "before=" + HeraldHttp.encode(before.toString()));
            int purged = answer.path("purged").asInt();
            out().println(admin.json ? Json.pretty(answer) : id != null ? "purged dead letter " + id
                    : "purged " + purged + " dead letter" + (purged == 1 ? "" : "s") + " that died before " + before);
            return 0;
        }
    }

    /** The last attempt's HTTP status, or its error when no answer came. */
    private static String last(JsonNode deadLetter) {
        return deadLetter.path("lastStatus").isNull() || deadLetter.path("lastStatus").isMissingNode()
                ? deadLetter.path("lastError").asText("-") : "HTTP " + deadLetter.path("lastStatus").asInt();
    }
}
