package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads Herald's admin API (bearer {@code admin-secret}) in tests. */
final class AdminApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI herald;

    AdminApi(URI herald) {
        this.herald = herald;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(herald.resolve(path))
                .header("Authorization", "Bearer admin-secret").GET().build(), HttpResponse.BodyHandlers.ofString());
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
