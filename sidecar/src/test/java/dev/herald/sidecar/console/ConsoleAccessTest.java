package dev.herald.sidecar.console;

import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.sidecar.http.JsonReply;
import dev.herald.sidecar.http.Route;
import dev.herald.sidecar.http.RouteTable;
import dev.herald.sidecar.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's sign-in, session cookie, CSRF and origin checks, and headers, without a browser or a socket. */
class ConsoleAccessTest {
    private static final String HOST = "127.0.0.1:9100";
    private static final String ORIGIN = "http://" + HOST;

    private final ConsoleSessions sessions = new ConsoleSessions("admin-secret", new MutableClock(Instant.parse("2026-12-02T10:00:00Z")));
    private final ConsoleAccess access = new ConsoleAccess(sessions);
    private final RouteTable table = new RouteTable(withAdmin(new ConsoleRoutes(sessions, access).routes()), r -> null);

    private List<Route> withAdmin(List<Route> console) {
        List<Route> all = new ArrayList<>(console);
        all.add(Route.of("GET", "/admin/thing", e -> JsonReply.of(200, "read", true)));
        all.add(Route.of("POST", "/admin/thing", e -> JsonReply.of(200, "changed", true)));
        return all.stream().map(r -> r.path().toString().startsWith("/admin") ? r.guardedBy(access) : r).toList();
    }

    @Test
    void signInSetsAStrictHttpOnlyCookieAndRedirectsWithoutTheToken() {
        HttpReply reply = send("POST", "/console/session", Map.of("Origin", ORIGIN, "Content-Type",
                "application/x-www-form-urlencoded"), "token=admin-secret");
        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.headers().get("Location")).isEqualTo("/console/");
        assertThat(reply.headers().get("Set-Cookie")).matches("herald_console=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict");
    }

    @Test
    void overTlsTheCookieIsSecure() {
        HttpReply reply = send("POST", "/console/session", Map.of("Origin", "https://herald.example", "Host", "herald.example"),
                "token=admin-secret");
        assertThat(reply.headers().get("Set-Cookie")).endsWith("; SameSite=Strict; Secure");
    }

    @Test
    void aWrongTokenOrAnotherSitesFormDoesNotSignIn() {
        HttpReply wrong = send("POST", "/console/session", Map.of("Origin", ORIGIN), "token=admin-secre");
        assertThat(wrong.status()).isEqualTo(303);
        assertThat(wrong.headers()).containsEntry("Location", "/console/?signin=refused").doesNotContainKey("Set-Cookie");
        HttpReply malformed = send("POST", "/console/session", Map.of("Origin", ORIGIN), "token=%zz");
        assertThat(malformed.headers()).containsEntry("Location", "/console/?signin=refused").doesNotContainKey("Set-Cookie");
        HttpReply crossSite = send("POST", "/console/session", Map.of("Origin", "https://evil.example"), "token=admin-secret");
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.headers()).doesNotContainKey("Set-Cookie");
        assertThat(send("POST", "/console/session", Map.of(), "token=admin-secret").status()).as("no Origin").isEqualTo(403);
    }

    @Test
    void readsNeedASessionAndStateChangesAlsoItsCsrfTokenFromTheSameOrigin() {
        String cookie = signIn();
        String csrf = body(send("GET", "/console/session", Map.of("Cookie", "other=1; " + cookie), ""));
        String token = csrf.replaceAll(".*\"csrfToken\":\"([^\"]+)\".*", "$1");

        assertThat(send("GET", "/admin/thing", Map.of(), "").status()).isEqualTo(401);
        assertThat(send("GET", "/admin/thing", Map.of("Cookie", "herald_console=forged"), "").status()).isEqualTo(401);
        assertThat(send("GET", "/admin/thing", Map.of("Cookie", cookie), "").status()).isEqualTo(200);

        assertThat(send("POST", "/admin/thing", Map.of("Cookie", cookie, "Origin", ORIGIN), "").status()).as("no CSRF header")
                .isEqualTo(403);
        assertThat(send("POST", "/admin/thing", Map.of("Cookie", cookie, "Origin", ORIGIN, ConsoleAccess.CSRF_HEADER, token + "x"),
                "").status()).as("a wrong CSRF token").isEqualTo(403);
        assertThat(send("POST", "/admin/thing", Map.of("Cookie", cookie, "Origin", "http://evil.example", ConsoleAccess.CSRF_HEADER,
                token), "").status()).as("another origin").isEqualTo(403);
        assertThat(send("POST", "/admin/thing", Map.of("Cookie", cookie, ConsoleAccess.CSRF_HEADER, token), "").status())
                .as("no Origin").isEqualTo(403);
        assertThat(send("POST", "/admin/thing", Map.of("Cookie", cookie, "Origin", ORIGIN, ConsoleAccess.CSRF_HEADER, token), "")
                .status()).isEqualTo(200);
    }

    @Test
    void signingOutNeedsTheCsrfTokenAndEndsTheSession() {
        String cookie = signIn();
        String token = body(send("GET", "/console/session", Map.of("Cookie", cookie), ""))
                .replaceAll(".*\"csrfToken\":\"([^\"]+)\".*", "$1");
        assertThat(send("DELETE", "/console/session", Map.of("Cookie", cookie, "Origin", ORIGIN), "").status()).isEqualTo(403);
        HttpReply out = send("DELETE", "/console/session", Map.of("Cookie", cookie, "Origin", ORIGIN, ConsoleAccess.CSRF_HEADER,
                token), "");
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.headers().get("Set-Cookie")).startsWith("herald_console=; Path=/; Max-Age=0");
        assertThat(send("GET", "/admin/thing", Map.of("Cookie", cookie), "").status()).isEqualTo(401);
        assertThat(send("GET", "/console/session", Map.of("Cookie", cookie), "").status()).isEqualTo(401);
    }

    @Test
    void everyConsoleAnswerCarriesTheSecurityHeaders() {
        for (String path : List.of("/console/", "/console/console.js", "/console/session", "/console/nope.js", "/console")) {
            HttpReply r = send("GET", path, Map.of(), "");
            assertThat(r.headers()).as(path)
                    .containsEntry("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                            + "img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                    .containsEntry("X-Frame-Options", "DENY").containsEntry("X-Content-Type-Options", "nosniff");
        }
        assertThat(send("GET", "/console/console.js", Map.of(), "").headers()).containsEntry("Content-Type",
                "text/javascript; charset=utf-8");
        assertThat(send("GET", "/console/..%2Fjvm.options", Map.of(), "").status()).isEqualTo(404);
    }

    @Test
    void noPageHasInlineScriptOrStyle() {
        String html = body(send("GET", "/console/", Map.of(), ""));
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("<style").doesNotContain(" style=")
                .doesNotContainPattern(" on[a-z]+=");
    }

    private String signIn() {
        String setCookie = send("POST", "/console/session", Map.of("Origin", ORIGIN), "token=admin-secret").headers().get("Set-Cookie");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private HttpReply send(String method, String path, Map<String, String> headers, String body) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putIfAbsent("Host", HOST);
        return table.route(HttpRequestView.of(method, path, null, h, body), System.nanoTime());
    }

    private static String body(HttpReply r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

}
