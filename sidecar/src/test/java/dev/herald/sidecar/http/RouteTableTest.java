package dev.herald.sidecar.http;

import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Dispatch over the route table, without a socket. */
class RouteTableTest {
    private final RouteTable table = new RouteTable(List.of(
            Route.of("GET", "/healthz", e -> reply("health")),
            Route.ingest("POST", "/ingest/ceph", "ceph", e -> reply("ceph")),
            Route.ingest("POST", "/ingest/ceph/{token...}", "ceph", e -> reply("ceph token " + e.path().get("token"))),
            Route.of("GET", "/admin/dead-letters/{id}", e -> reply("show " + e.path().get("id"))),
            Route.of("DELETE", "/admin/dead-letters/{id}", e -> reply("purge " + e.path().get("id"))),
            Route.of("*", "/admin/**", e -> reply("admin catch-all"))),
            request -> request.hasQueryParam("notification") ? reply("vendor") : null);

    @Test
    void theMethodAndPathPickTheHandlerAndPathSegmentsArePercentDecoded() {
        assertThat(answer("GET", "/healthz")).isEqualTo("health");
        assertThat(answer("POST", "/ingest/ceph")).isEqualTo("ceph");
        assertThat(answer("POST", "/ingest/ceph/t%2Fk%20n")).isEqualTo("ceph token t/k n");
        assertThat(answer("POST", "/ingest/ceph/a/b")).as("the rest of the path, slashes included").isEqualTo("ceph token a/b");
        assertThat(answer("GET", "/admin/dead-letters/d-1")).isEqualTo("show d-1");
        assertThat(answer("DELETE", "/admin/dead-letters/d-1")).isEqualTo("purge d-1");
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithAllow() {
        HttpReply r = table.route(request("PUT", "/admin/dead-letters/d-1", null), 0);
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers()).containsEntry("Allow", "GET, DELETE");
        assertThat(table.route(request("GET", "/ingest/ceph", null), 0).headers()).containsEntry("Allow", "POST");
    }

    @Test
    void aRouteForAnyMethodAnswersWhatNoOtherRouteHas() {
        assertThat(answer("GET", "/admin")).isEqualTo("admin catch-all");
        assertThat(answer("POST", "/admin/nothing/here")).isEqualTo("admin catch-all");
        assertThat(answer("GET", "/admin/dead-letters/d-1/x")).isEqualTo("admin catch-all");
    }

    @Test
    void whatNoRouteHasGoesToTheFallbackAndThen404() {
        assertThat(table.route(request("GET", "/photos", "notification"), 0).bodyText()).isEqualTo("vendor");
        HttpReply missing = table.route(request("GET", "/nope", null), 0);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.bodyText()).isEqualTo("{\"error\":\"no_such_route\",\"reason\":\"GET /nope is not a Herald route\"}");
        assertThat(answer("GET", "/ingest/ceph/")).as("an empty segment is no token").isEqualTo("{\"error\":\"no_such_route\","
                + "\"reason\":\"GET /ingest/ceph/ is not a Herald route\"}");
    }

    @Test
    void theProducerOfABodyTooLargeComesFromTheTable() {
        assertThat(table.producerOf("/ingest/ceph")).isEqualTo("ceph");
        assertThat(table.producerOf("/ingest/ceph/secret")).isEqualTo("ceph");
        assertThat(table.producerOf("/healthz")).isNull();
        assertThat(table.producerOf("/ingest/minio")).isNull();
    }

    private String answer(String method, String path) {
        return table.route(request(method, path, null), 0).bodyText();
    }

    private static HttpRequestView request(String method, String path, String query) {
        return new HttpRequestView(method, path, query, Map.of(), new byte[0]);
    }

    private static HttpReply reply(String text) {
        return new HttpReply(200, Map.of(), text.getBytes());
    }
}
