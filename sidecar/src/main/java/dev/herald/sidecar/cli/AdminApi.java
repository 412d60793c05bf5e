package dev.herald.sidecar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.dialects.HttpRequestView;

import java.time.Duration;
import java.util.Map;

/** Herald's {@code /admin/...} routes, behind {@code Authorization: Bearer <admin.token>}. */
final class AdminApi {
    private final HeraldHttp http;
    private final String token;

    AdminApi(HeraldHttp http, String token) {
        this.http = http;
        this.token = token;
    }

    /** The JSON answer of {@code method path[?query]}; a refusal becomes Herald's error and reason. */
    JsonNode call(String method, String path, String query) {
        return call(method, path, query, HeraldHttp.TIMEOUT);
    }

    /** The same, waiting up to {@code timeout} for the answer. */
    JsonNode call(String method, String path, String query, Duration timeout) {
        HeraldHttp.Reply reply = http.send(request(method, path, query), timeout);
        if (!reply.ok()) {
            throw Refusals.refused(reply);
        }
        return Json.parse(reply.body()).orElseThrow(() ->
                CliException.failed("Herald answered " + method + " " + path + " with something that is not JSON"));
    }

    /** The raw answer, for callers that tell refusals apart. */
    HeraldHttp.Reply send(String method, String path, String query) {
        return http.send(request(method, path, query));
    }

    private HttpRequestView request(String method, String path, String query) {
        return HttpRequestView.of(method, path, query, Map.of("Authorization", "Bearer " + token), "");
    }
}
