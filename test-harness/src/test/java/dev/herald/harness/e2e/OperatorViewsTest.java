package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BceAuthV1;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.MinioWebhook;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The admin routes the console reads: the overview's counts, each bucket's rules as the vendor shows them, recent attempts. */
class OperatorViewsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    HeraldExtension herald = HeraldExtension.withConfig(HeraldExtension.DEFAULT_YAML + AdminApi.CONFIG);
    private final AdminApi admin = new AdminApi(herald::baseUri);

    @Test
    void rulesAreListedExactlyAsTheVendorsGetAnswersThem() throws Exception {
        BosSdk.putRules(herald.baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(BosSdk.rule("r1",
                herald.receiver().url("/bos").toString(), "key-1", List.of("/images/"), List.of("PutObject"))));
        URI get = herald.baseUri().resolve("/v1/photos?notification");
        String authorization = BceAuthV1.sign(new HttpRequestView("GET", get.getRawPath(), get.getRawQuery(),
                Map.of("host", List.of(get.getAuthority())), new byte[0]), ACCESS_KEY, SECRET_KEY, Instant.now(), 1800, List.of());
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(get)
                .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String vendor = answer.body();
        assertThat(vendor).contains("\"encryption\"");

        JsonNode listed = admin.get("/admin/rules").get("buckets");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("bucket").asText()).isEqualTo("photos");
        assertThat(listed.get(0).get("rules").fieldNames()).toIterable().containsExactly("bos");
        assertThat(listed.get(0).at("/rules/bos")).isEqualTo(JSON.readTree(vendor));
        assertThat(admin.get("/admin/rules?bucket=other").get("buckets")).isEmpty();
        assertThat(admin.send("GET", "/admin/rules?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void theOverviewCountsWhatArrivedAndWasDeliveredAndRecentAttemptsAreSearchable() throws Exception {
        RecordingReceiver receiver = herald.receiver();
        BosSdk.putRules(herald.baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(BosSdk.rule("all",
                receiver.url("/bos").toString(), null, List.of("/"), List.of("PutObject"))));
        Instant before = Instant.now();
        herald.minio(ObjectOperation.put("photos", "a/one.jpg").size(1).eTag("e1"));
        String two = MinioWebhook.body(ObjectOperation.put("photos", "b/two.jpg").size(2).eTag("e2"));
        herald.postMinio(two);
        herald.postMinio(two);   // MinIO resending: a duplicate
        List<RecordedRequest> pushes = receiver.awaitRequests(2, Duration.ofSeconds(10));

        JsonNode o = await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/admin/overview"),
                n -> n.at("/deliveries/bos/succeeded").asLong() == 2 && n.at("/queue/pending").asLong() == 0);
        assertThat(o.at("/ingest/received/minio").asLong()).isEqualTo(3);
        assertThat(o.at("/ingest/stored/minio").asLong()).isEqualTo(2);
        assertThat(o.at("/ingest/duplicates/minio").asLong()).isEqualTo(1);
        assertThat(o.at("/ingest/rejected/minio").asLong()).isZero();
        assertThat(o.at("/deliveries/bos/retried").asLong()).isZero();
        assertThat(o.at("/deliveries/bos/dead").asLong()).isZero();
        assertThat(o.at("/queue/oldestPendingSeconds").asDouble()).isZero();
        assertThat(o.get("deadLetters").asLong()).isZero();
        JsonNode last = o.get("lastHour").get(o.get("lastHour").size() - 1);
        assertThat(last.get("storedPerMinute").asDouble()).as("two events since the sample taken at start").isPositive();
        assertThat(Instant.parse(last.get("at").asText())).isAfterOrEqualTo(before);

        String twoId = pushes.stream().filter(p -> p.bodyText().contains("b/two.jpg")).findFirst().orElseThrow()
                .header("X-Herald-Delivery-Id");
        JsonNode byKey = admin.get("/admin/deliveries?q=TWO.jpg").get("deliveries");
        assertThat(byKey).singleElement().satisfies(d -> {
            assertThat(d.get("deliveryId").asText()).isEqualTo(twoId);
            assertThat(d.get("bucket").asText()).isEqualTo("photos");
            assertThat(d.get("key").asText()).isEqualTo("b/two.jpg");
            assertThat(d.get("dialect").asText()).isEqualTo("bos");
            assertThat(d.get("outcome").asText()).isEqualTo("delivered");
            assertThat(d.get("status").asInt()).isEqualTo(200);
            assertThat(d.get("attempt").asInt()).isEqualTo(1);
            assertThat(d.get("target").asText()).isEqualTo(receiver.url("/bos").toString());
        });
        assertThat(admin.get("/admin/deliveries?q=" + twoId).get("deliveries")).extracting(d -> d.get("key").asText())
                .containsExactly("b/two.jpg");
        assertThat(admin.get("/admin/deliveries?q=photos").get("deliveries")).extracting(d -> d.get("key").asText())
                .containsExactlyInAnyOrder("a/one.jpg", "b/two.jpg");
        assertThat(admin.get("/admin/deliveries?q=nothing").get("deliveries")).isEmpty();
        assertThat(admin.get("/admin/deliveries?limit=1").get("deliveries")).hasSize(1);
    }

    @Test
    void theNewRoutesNeedTheToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/admin/overview", "/admin/rules", "/admin/deliveries")) {
            assertThat(http.send(HttpRequest.newBuilder(herald.baseUri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as(path).isEqualTo(401);
        }
    }
}
