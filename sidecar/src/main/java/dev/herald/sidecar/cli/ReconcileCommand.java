package dev.herald.sidecar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code herald reconcile --bucket B [--since T]}: {@code POST /admin/reconcile}, showing the run's
 * counts from {@code GET /admin/reconcile} while it lasts (a big bucket takes a while to list).
 */
@Command(name = "reconcile", sortOptions = false,
        description = {"Compare a bucket's listing with the events Herald saw, and emit the events the backend never "
                + "sent: a create for each object changed without an event, a delete for each object Herald saw created "
                + "that is gone. Needs backend.endpoint; uses the admin API with --admin-token or the config's admin.token.",
                "Objects last modified before the bucket's first rule are pre-existing and get no event, unless --since "
                        + "asks for those modified after a time (RFC 3339, or an age: 90s, 15m, 2h, 7d)."},
        footer = {"", "Examples:", "  herald reconcile --bucket photos", "  herald reconcile --bucket photos --since 7d"})
public final class ReconcileCommand extends CliCommand {
    private static final long POLL_MILLIS = 500;
    /** Herald answers when the whole bucket is done: listing pages and HeadObjects at backend.reconcile.rateLimit. */
    private static final Duration RUN_TIMEOUT = Duration.ofHours(12);

    @Mixin
    AdminOptions admin;

    @Option(names = "--bucket", required = true, paramLabel = "BUCKET", description = "the bucket to reconcile")
    String bucket;

    @Option(names = "--since", paramLabel = "TIME", converter = TimeArgument.class,
            description = "also emit creates for objects modified at or after TIME, even before the bucket had rules")
    Instant since;

    @Override
    int run() throws InterruptedException {
        AdminApi api = admin.api();
        String query = "bucket=" + HeraldHttp.encode(bucket) + (since == null ? "" : "&since=" + HeraldHttp.encode(since.toString()));
        CompletableFuture<JsonNode> done = CompletableFuture.supplyAsync(() -> api.call("POST", "/admin/reconcile", query,
                RUN_TIMEOUT));
        JsonNode summary = await(done, api);
        if (admin.json) {
            out().println(Json.pretty(summary));
        } else {
            out().println("reconciled " + bucket + ": listed " + summary.path("listed").asLong() + ", emitted "
                    + summary.path("createsEmitted").asLong() + " creates and " + summary.path("deletesEmitted").asLong()
                    + " deletes in " + summary.path("seconds").asDouble() + " s");
        }
        return 0;
    }

    /** The summary, a progress line every poll meanwhile (none with --json: standard output is the summary alone). */
    private JsonNode await(CompletableFuture<JsonNode> done, AdminApi api) throws InterruptedException {
        while (true) {
            try {
                return done.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : CliException.failed(e.getCause().getMessage());
            } catch (TimeoutException stillRunning) {
                if (!admin.json) {
                    progress(api);
                }
            }
        }
    }

    private void progress(AdminApi api) {
        for (JsonNode run : api.call("GET", "/admin/reconcile", null).path("runs")) {
            if (run.path("running").asBoolean() && run.path("bucket").asText().equals(bucket)) {
                out().println("listed " + run.path("listed").asLong() + ", creates " + run.path("createsEmitted").asLong()
                        + ", deletes " + run.path("deletesEmitted").asLong());
                out().flush();
            }
        }
    }
}
