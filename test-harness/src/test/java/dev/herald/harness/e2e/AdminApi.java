package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Supplier;

/** Herald's admin API in tests, with the token {@link #CONFIG} sets. */
final class AdminApi {
    /** The line of Herald's YAML that sets the admin token this class sends. */
    static final String CONFIG = "admin: { token: admin-secret }\n";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Supplier<URI> herald;

    /**
     * @param herald Herald's base URI, asked for on every call: a field can take
     *               {@code herald::baseUri} of a {@code HeraldExtension} that starts Herald later
     */
    AdminApi(Supplier<URI> herald) {
        this.herald = herald;
    }

    /** {@code method path} without a body; whatever Herald answers. */
    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(herald.get().resolve(path)).header("Authorization", "Bearer admin-secret")
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET path}, which must answer 200, as JSON. */
    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = send("GET", path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** The {@code /admin/destinations} entry of a receiver on 127.0.0.1, or null. */
    JsonNode destination(int port) throws IOException, InterruptedException {
        for (JsonNode d : get("/admin/destinations").get("destinations")) {
            if (d.get("destination").asText().equals("http://127.0.0.1:" + port)) {
                return d;
            }
        }
        return null;
    }

    JsonNode deadLetters() throws IOException, InterruptedException {
        return get("/admin/dead-letters").get("deadLetters");
    }
}
