package dev.herald.sidecar.console;

import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.sidecar.http.Exchange;
import dev.herald.sidecar.http.JsonReply;
import dev.herald.sidecar.http.Route;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code /console}: the web console's files and its sign-in. The admin token comes in a form
 * POST body (never in a URL, which logs and histories keep); the answer is a redirect that sets
 * an HttpOnly, SameSite=Strict cookie (Secure when the browser came over TLS). The pages then read
 * and change state through the admin API with that cookie (see {@link ConsoleAccess}).
 */
public final class ConsoleRoutes {
    private final ConsoleSessions sessions;
    private final ConsoleAccess access;
    private final ConsoleAssets assets = new ConsoleAssets();

    public ConsoleRoutes(ConsoleSessions sessions, ConsoleAccess access) {
        this.sessions = sessions;
        this.access = access;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("GET", "/console", e -> redirect("/console/", null)),
                Route.of("GET", "/console/", e -> page("index.html")),
                Route.of("GET", "/console/session", this::session),
                Route.of("POST", "/console/session", this::signIn),
                Route.of("DELETE", "/console/session", this::signOut).guardedBy(access),
                Route.of("GET", "/console/{file}", e -> page(e.path().get("file"))))
                .stream().map(r -> new Route(r.method(), r.path(), null, e -> SecurityHeaders.on(r.handler().handle(e))))
                .toList();
    }

    private HttpReply page(String name) {
        return assets.reply(name).orElse(JsonReply.error(404, "no_such_route", "/console/" + name + " is not a console file"));
    }

    /** The signed-in session's CSRF token for the pages' state changes; 401 when signed out. */
    private HttpReply session(Exchange e) {
        return access.session(e.request())
                .map(s -> JsonReply.of(200, "csrfToken", s.csrfToken(), "expiresAt", Instant.ofEpochMilli(s.expiresAt()).toString()))
                .orElse(JsonReply.error(401, "unauthorized", sessions.enabled() ? "not signed in"
                        : "admin.token is not configured; the console is off"));
    }

    private HttpReply signIn(Exchange e) {
        HttpRequestView request = e.request();
        // A sign-in posted from another site would sign this browser into the attacker's choice.
        if (!ConsoleAccess.sameOrigin(request)) {
            return JsonReply.error(403, "cross_origin", "sign in from the console's own page");
        }
        String token = formField(new String(request.body(), StandardCharsets.UTF_8), "token");
        return sessions.signIn(token)
                .map(s -> redirect("/console/", ConsoleAccess.COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict"
                        + (ConsoleAccess.overTls(request) ? "; Secure" : "")))
                .orElse(redirect("/console/?signin=" + (sessions.enabled() ? "refused" : "off"), null));
    }

    private HttpReply signOut(Exchange e) {
        sessions.signOut(ConsoleAccess.sessionId(e.request()));
        return new HttpReply(204, Map.of("Set-Cookie", ConsoleAccess.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"),
                new byte[0]);
    }

    private static HttpReply redirect(String location, String cookie) {
        return new HttpReply(303, cookie == null ? Map.of("Location", location) : Map.of("Location", location, "Set-Cookie", cookie),
                new byte[0]);
    }

    /** A field of an {@code application/x-www-form-urlencoded} body; {@code null} when absent or not decodable. */
    static String formField(String body, String name) {
        try {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (key.equals(name)) {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
        } catch (IllegalArgumentException malformed) {
            // a broken %-escape: treated as no token, so the sign-in is refused
        }
        return null;
    }
}
