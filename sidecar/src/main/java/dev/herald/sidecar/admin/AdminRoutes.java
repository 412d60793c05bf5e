package dev.herald.sidecar.admin;

import dev.herald.sidecar.backend.WiredBuckets;
import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.console.ConsoleAccess;
import dev.herald.sidecar.delivery.DisabledTargets;
import dev.herald.sidecar.delivery.Dispatcher;
import dev.herald.sidecar.http.JsonReply;
import dev.herald.sidecar.http.RequestHandler;
import dev.herald.sidecar.http.Route;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.metrics.MinuteSampler;
import dev.herald.sidecar.reconcile.Reconciler;
import dev.herald.sidecar.routing.Rules;
import dev.herald.sidecar.storage.DeadLetterStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /admin/...}: the operator's API, every route behind {@code Authorization: Bearer
 * <admin.token>} or a console session, including the answer for an admin path that does not exist. A bad parameter is
 * a 400 naming it.
 */
public final class AdminRoutes {
    private AdminRoutes() {
    }

    /**
     * @param console    lets a web console session in beside the bearer token
     * @param reconciler {@code null} without a backend
     */
    public static List<Route> routes(String token, List<HeraldConfig.Bus> buses, Rules rules, WiredBuckets wiring,
                                     DeadLetterStore deadLetters, DisabledTargets disabledTargets, Dispatcher dispatcher,
                                     HeraldMetrics metrics, MinuteSampler sampler, ConsoleAccess console, Reconciler reconciler,
                                     Clock clock) {
        List<Route> all = new ArrayList<>();
        all.addAll(new OverviewRoutes(metrics, sampler).routes());
        all.addAll(new RuleRoutes(rules).routes());
        all.addAll(new DeliveryRoutes(dispatcher.recent()).routes());
        all.addAll(new EventBusRoutes(buses).routes());
        all.addAll(new DeadLetterRoutes(deadLetters, dispatcher, clock).routes());
        all.addAll(new DestinationRoutes(dispatcher, disabledTargets).routes());
        all.addAll(new WiringRoutes(rules, wiring).routes());
        all.addAll(new ReconcileRoutes(reconciler).routes());
        all.add(Route.of("*", "/admin/**", e -> JsonReply.error(404, "no_such_route",
                e.request().method() + " " + e.request().rawPath() + " is not an admin route")));
        AdminAuth auth = new AdminAuth(token, console);
        return all.stream().map(r -> new Route(r.method(), r.path(), null, badRequestAs400(r.handler())).guardedBy(auth))
                .toList();
    }

    private static RequestHandler badRequestAs400(RequestHandler handler) {
        return e -> {
            try {
                return handler.handle(e);
            } catch (IllegalArgumentException x) {
                return JsonReply.error(400, "bad_request", x.getMessage());
            }
        };
    }
}
