package dev.herald.sidecar.cli;

import dev.herald.dialects.HttpRequestView;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** Sends requests to a running Herald and reads its answers. */
final class HeraldHttp {
    /** The JDK client sets these itself (to what a request view says: see {@link #hostHeader}) and refuses them. */
    private static final Set<String> CLIENT_HEADERS = Set.of("host", "content-length");
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final HttpClient client;

    HeraldHttp(URI endpoint) {
        this.endpoint = endpoint;
        // HTTP/1.1: the JDK client would otherwise offer an h2c upgrade Herald does not take.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** An answer: status and body. */
    record Reply(int status, byte[] body) {
        boolean ok() {
            return status >= 200 && status <= 299;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The {@code Host} header the JDK client sends for {@code uri}: the port only when it is not the scheme's default. */
    static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1 || port == 80 && "http".equalsIgnoreCase(uri.getScheme())
                || port == 443 && "https".equalsIgnoreCase(uri.getScheme());
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }

    /** A path segment or query value, percent-encoded (a space as {@code %20}). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sends {@code request} (its path and query, headers and body) to the endpoint. */
    Reply send(HttpRequestView request) {
        return send(request, TIMEOUT);
    }

    /** The same, for a call that may take longer than the usual 30 s (a whole bucket's reconciliation). */
    Reply send(HttpRequestView request, Duration timeout) {
        String target = endpoint.getScheme() + "://" + endpoint.getRawAuthority() + request.rawPath()
                + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target)).timeout(timeout).header("User-Agent", "herald-cli");
        // GET() and DELETE() send no Content-Length, which bodiless vendor calls must not sign; method(...) would send 0.
        switch (request.body().length == 0 ? request.method() : "") {
            case "GET" -> b.GET();
            case "DELETE" -> b.DELETE();
            default -> b.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        }
        request.headers().forEach((name, values) -> {
            if (!CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.body());
        } catch (HttpConnectTimeoutException e) {
            throw CliException.failed("cannot reach Herald at " + endpoint + ": no connection within 5 s");
        } catch (ConnectException e) {
            throw CliException.failed("cannot reach Herald at " + endpoint + ": connection refused (is it running? "
                    + "check --endpoint or server.port)");
        } catch (HttpTimeoutException e) {
            throw CliException.failed("Herald at " + endpoint + " did not answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw CliException.failed("cannot talk to Herald at " + endpoint + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted");
        }
    }
}
