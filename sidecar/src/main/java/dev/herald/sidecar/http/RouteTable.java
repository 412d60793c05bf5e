package dev.herald.sidecar.http;

import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which handler answers which request: the first route whose path matches and whose method is the
 * request's; a path some route has but not for this method is {@code 405} with {@code Allow}; then
 * the first route for any method ({@code *}) whose path matches; a path no route has goes to the fallback (the vendor config APIs, which claim requests by query,
 * host and signature), and {@code 404} when it does not answer. Pure dispatch over
 * {@link HttpRequestView}, so routing is tested without a socket.
 */
public final class RouteTable {
    /** Answers a request no route matched, or {@code null} when it does not claim it either. */
    @FunctionalInterface
    public interface Fallback {
        HttpReply answer(HttpRequestView request);
    }

    private final List<Route> routes;
    private final Fallback fallback;

    public RouteTable(List<Route> routes, Fallback fallback) {
        this.routes = List.copyOf(routes);
        this.fallback = fallback;
    }

    public HttpReply route(HttpRequestView request, long receivedNanos) {
        Set<String> allowed = new LinkedHashSet<>();
        Route anyMethod = null;
        Map<String, String> anyMethodValues = null;
        for (Route r : routes) {
            Optional<Map<String, String>> values = r.path().match(request.rawPath());
            if (values.isEmpty()) {
                continue;
            }
            if (r.method().equals(request.method())) {
                return r.handler().handle(new Exchange(request, values.get(), receivedNanos));
            }
            if (!r.method().equals("*")) {
                allowed.add(r.method());
            } else if (anyMethod == null) {
                anyMethod = r;
                anyMethodValues = values.get();
            }
        }
        if (!allowed.isEmpty()) {
            String allow = String.join(", ", allowed);
            HttpReply r = JsonReply.error(405, "method_not_allowed", "use " + allow);
            Map<String, String> h = new LinkedHashMap<>(r.headers());
            h.put("Allow", allow);
            return new HttpReply(405, h, r.body());
        }
        if (anyMethod != null) {
            return anyMethod.handler().handle(new Exchange(request, anyMethodValues, receivedNanos));
        }
        HttpReply claimed = fallback.answer(request);
        return claimed != null ? claimed
                : JsonReply.error(404, "no_such_route", request.method() + " " + request.rawPath() + " is not a Herald route");
    }

    /** The producer whose route has this path, for counting a body refused as too large; {@code null} for none. */
    public String producerOf(String rawPath) {
        return routes.stream().filter(r -> r.producer() != null && r.path().match(rawPath).isPresent())
                .map(Route::producer).findFirst().orElse(null);
    }
}
