package dev.herald.dialects.bos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.HttpRequestView;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Requests for tests: the captured BOS SDK traffic in {@code src/test/resources/bos/}, and edits of it. */
final class TestRequests {
    static final String SDK_ACCESS_KEY = "AKBOSTEST0000000";
    static final String SDK_SECRET_KEY = "SKBOSTEST0000000";
    static final String PUT = "bce-java-sdk-0.10.448-put-notification.json";
    static final String GET = "bce-java-sdk-0.10.448-get-notification.json";
    static final String DELETE = "bce-java-sdk-0.10.448-delete-notification.json";
    static final String CANNED_GET_RESPONSE = "bce-java-sdk-0.10.448-get-notification-canned-response-ACCEPTED-BY-SDK.json";

    private TestRequests() {
    }

    static String resource(String name) {
        try (InputStream in = TestRequests.class.getResourceAsStream("/bos/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource bos/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A captured request exactly as it came over the wire. */
    static HttpRequestView capture(String name) {
        try {
            JsonNode c = new ObjectMapper().readTree(resource(name));
            String target = c.get("path").asText();
            int q = target.indexOf('?');
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (JsonNode pair : c.get("headers")) {
                headers.computeIfAbsent(pair.get(0).asText(), k -> new ArrayList<>()).add(pair.get(1).asText());
            }
            return new HttpRequestView(c.get("method").asText(), q < 0 ? target : target.substring(0, q),
                    q < 0 ? null : target.substring(q + 1), headers, c.get("body_text").asText().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpRequestView request(String method, String rawPath, String rawQuery, Map<String, String> headers, String body) {
        return HttpRequestView.of(method, rawPath, rawQuery, headers, body);
    }

    static HttpRequestView withHeader(HttpRequestView r, String name, String value) {
        return r.withHeader(name, value);
    }

    static HttpRequestView withoutHeader(HttpRequestView r, String name) {
        return r.withoutHeader(name);
    }

    static HttpRequestView withPath(HttpRequestView r, String rawPath) {
        return new HttpRequestView(r.method(), rawPath, r.rawQuery(), r.headers(), r.body());
    }

}
