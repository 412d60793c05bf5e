package dev.herald.sidecar.console;

import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.sidecar.http.Exchange;
import dev.herald.sidecar.http.JsonReply;
import dev.herald.sidecar.http.Route;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lets a console session through to the admin API. Reads need the session cookie; a state change
 * ({@code POST}, {@code DELETE}, ...) also needs the session's token in {@value #CSRF_HEADER} and
 * an {@code Origin} that is this server: another site can make a browser send the cookie (it is
 * SameSite=Strict, but older browsers ignore that), not read the token or forge the Origin.
 */
public final class ConsoleAccess implements Route.Guard {
    public static final String COOKIE = "herald_console";
    public static final String CSRF_HEADER = "X-Herald-CSRF";
    private static final Set<String> READS = Set.of("GET", "HEAD");

    private final ConsoleSessions sessions;

    public ConsoleAccess(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    /** Whether the request means to use a session (it carries the console's cookie). */
    public static boolean carriesSession(HttpRequestView request) {
        return sessionId(request) != null;
    }

    @Override
    public HttpReply refusal(Exchange exchange) {
        HttpRequestView request = exchange.request();
        Optional<ConsoleSessions.Session> session = sessions.find(sessionId(request));
        if (session.isEmpty()) {
            return JsonReply.error(401, "unauthorized", "sign in to the console again: the session has ended");
        }
        if (READS.contains(request.method())) {
            return null;
        }
        if (!sameOrigin(request)) {
            return JsonReply.error(403, "cross_origin", "a state change must come from the console's own origin");
        }
        if (!session.get().csrfMatches(request.header(CSRF_HEADER))) {
            return JsonReply.error(403, "csrf", "a state change needs the session's " + CSRF_HEADER + " header");
        }
        return null;
    }

    /** The session a request belongs to, if it has a live one. */
    Optional<ConsoleSessions.Session> session(HttpRequestView request) {
        return sessions.find(sessionId(request));
    }

    /** Whether {@code Origin} names the host the request was sent to (an absent Origin is not). */
    static boolean sameOrigin(HttpRequestView request) {
        String origin = request.header("Origin");
        String host = request.header("Host");
        if (origin == null || host == null) {
            return false;
        }
        try {
            URI u = URI.create(origin);
            return u.getRawAuthority() != null && u.getRawAuthority().equalsIgnoreCase(host)
                    && ("http".equals(u.getScheme()) || "https".equals(u.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the browser reached this server over TLS, as its Origin says (the Secure cookie flag follows it). */
    static boolean overTls(HttpRequestView request) {
        String origin = request.header("Origin");
        return origin != null && origin.startsWith("https://");
    }

    static String sessionId(HttpRequestView request) {
        for (String header : request.headers().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(COOKIE)) {
                    String value = pair.substring(eq + 1).trim();
                    return value.isEmpty() ? null : value;
                }
            }
        }
        return null;
    }
}
