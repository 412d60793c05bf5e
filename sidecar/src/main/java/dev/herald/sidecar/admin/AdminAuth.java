package dev.herald.sidecar.admin;

import dev.herald.dialects.HttpReply;
import dev.herald.sidecar.console.ConsoleAccess;
import dev.herald.sidecar.http.Exchange;
import dev.herald.sidecar.http.JsonReply;
import dev.herald.sidecar.http.Route;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * In front of every admin route: {@code Authorization: Bearer <admin.token>}, or a web console
 * session (its cookie, and for a state change its CSRF token: {@link ConsoleAccess}). Without a
 * configured token, all are refused.
 */
final class AdminAuth implements Route.Guard {
    private final byte[] expected;
    private final ConsoleAccess console;

    AdminAuth(String token, ConsoleAccess console) {
        this.expected = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.console = console;
    }

    @Override
    public HttpReply refusal(Exchange exchange) {
        if (expected == null) {
            return JsonReply.error(401, "unauthorized", "admin.token is not configured; the admin routes are off");
        }
        String auth = exchange.request().header("Authorization");
        if (auth == null && ConsoleAccess.carriesSession(exchange.request())) {
            return console.refusal(exchange);
        }
        if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expected)) {
            return JsonReply.error(401, "unauthorized", "Authorization: Bearer <admin.token> required");
        }
        return null;
    }
}
