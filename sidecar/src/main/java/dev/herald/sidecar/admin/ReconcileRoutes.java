package dev.herald.sidecar.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.adapter.backend.BackendUnavailableException;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.StoreUnavailableException;
import dev.herald.sidecar.http.Exchange;
import dev.herald.sidecar.http.JsonReply;
import dev.herald.sidecar.http.Route;
import dev.herald.sidecar.reconcile.ReconcileRun;
import dev.herald.sidecar.reconcile.Reconciler;

import java.time.Instant;
import java.util.List;

import static dev.herald.sidecar.admin.AdminJson.JSON;

/**
 * {@code /admin/reconcile}: reconcile a bucket now and answer its summary (POST), the runs under
 * way and the last ones (GET). Without a backend there is nothing to list: 409.
 */
final class ReconcileRoutes {
    private final Reconciler reconciler;

    /** @param reconciler {@code null} without {@code backend.endpoint} */
    ReconcileRoutes(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    List<Route> routes() {
        return List.of(Route.of("POST", "/admin/reconcile", this::reconcile), Route.of("GET", "/admin/reconcile", e -> runs()));
    }

    private HttpReply reconcile(Exchange e) {
        String bucket = e.query("bucket");
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("bucket is required: POST /admin/reconcile?bucket=B[&since=T]");
        }
        Instant since = AdminJson.time(e, "since").map(Instant::ofEpochMilli).orElse(null);
        if (reconciler == null) {
            return off();
        }
        try {
            ReconcileRun run = reconciler.run(bucket, since);
            ObjectNode root = JSON.createObjectNode().put("bucket", bucket).put("listed", run.listed())
                    .put("createsEmitted", run.createsEmitted()).put("deletesEmitted", run.deletesEmitted())
                    .put("seconds", run.seconds());
            return AdminJson.ok(root);
        } catch (Reconciler.RefusedException x) {
            return JsonReply.error(409, "cannot_reconcile", x.getMessage());
        } catch (BackendUnavailableException x) {
            return JsonReply.error(503, "backend_unavailable", x.getMessage());
        } catch (StoreUnavailableException x) {
            return JsonReply.error(503, "store_unavailable", x.getMessage());
        }
    }

    private HttpReply runs() {
        if (reconciler == null) {
            return off();
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("runs");
        for (ReconcileRun r : reconciler.runs()) {
            ObjectNode n = list.addObject().put("bucket", r.bucket()).put("running", r.running())
                    .put("startedAt", r.startedAt().toString()).put("listed", r.listed())
                    .put("createsEmitted", r.createsEmitted()).put("deletesEmitted", r.deletesEmitted())
                    .put("seconds", r.seconds());
            n.put("since", r.since() == null ? null : r.since().toString());
            n.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
            n.put("error", r.error());
        }
        return AdminJson.ok(root);
    }

    private static HttpReply off() {
        return JsonReply.error(409, "reconcile_off", "set backend.endpoint: reconciliation lists the backend's buckets");
    }
}
