package dev.herald.sidecar.http;

import dev.herald.dialects.ConfigContext;
import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.RuleRepository;
import dev.herald.dialects.TargetPolicy;
import dev.herald.dialects.bos.BceAuthV1;
import dev.herald.dialects.bos.BosConfigApi;
import dev.herald.dialects.bos.BosSettings;
import dev.herald.dialects.ks3.Ks3ConfigApi;
import dev.herald.dialects.qingstor.QingStorConfigApi;
import dev.herald.dialects.qingstor.QingStorSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which requests reach the BOS API and for which bucket: path style and virtual-host style, no socket. */
class VendorApisTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String AK = "ak";
    private static final String SK = "sk";
    private static final String RULES = """
            {"notifications":[{"id":"r1","appId":"a","status":"enabled","resources":["/"],"events":["PutObject"],
            "apps":[{"id":"a","eventUrl":"http://127.0.0.1:9/bos"}]}]}""";

    private final Map<String, String> stored = new HashMap<>();
    private final RuleRepository rules = new RuleRepository() {
        @Override
        public Optional<String> load(String bucket, String dialect) {
            return Optional.ofNullable(stored.get(bucket + "|" + dialect));
        }

        @Override
        public void save(String bucket, String dialect, String rulesJson) {
            stored.put(bucket + "|" + dialect, rulesJson);
        }

        @Override
        public void delete(String bucket, String dialect) {
            stored.remove(bucket + "|" + dialect);
        }
    };
    private final ConfigContext context = new ConfigContext(Clock.fixed(NOW, ZoneOffset.UTC),
            ak -> ak.equals(AK) ? Optional.of(new Credential(AK, SK, List.of("*"))) : Optional.empty(),
            rules, TargetPolicy.ALLOW_ALL, (events, dialect) -> events.size(), () -> "req-1");
    private final VendorApis apis = new VendorApis(List.of(new BosConfigApi(new BosSettings(null, Map.of(), "bos.example.test")),
            new Ks3ConfigApi("ks3.example.test"), new QingStorConfigApi(QingStorSettings.defaults(), "qs.example.test")), () -> context);

    @ParameterizedTest
    @CsvSource({
            "/v1/photos, 127.0.0.1:9100, photos",
            "/v1/photos/, 127.0.0.1:9100, photos",
            "/v1/my%2Dbucket, 127.0.0.1:9100, my-bucket",
            "/, photos.bos.example.test, photos",
            "/, Photos.BOS.example.test:9100, photos"})
    void aSignedPutReachesTheBucketItAddresses(String path, String host, String bucket) {
        HttpReply reply = apis.answer(signed("PUT", path, "notification", host, RULES));
        assertThat(reply).isNotNull();
        assertThat(reply.status()).as(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(stored).containsOnlyKeys(bucket + "|bos");
    }

    @ParameterizedTest
    @CsvSource({
            "/v1/photos/extra, notification",
            "/v2/photos, notification",
            "/, notification",
            "/photos, ''"})
    void otherRequestsAreNotVendorRequests(String path, String query) {
        assertThat(apis.answer(signed("GET", path, query, "127.0.0.1:9100", ""))).isNull();
    }

    @ParameterizedTest
    @CsvSource({"''", "acl", "lifecycle"})
    void aBosBucketPathWithASubResourceHeraldDoesNotServeIsMethodNotAllowed(String query) {
        HttpReply reply = apis.answer(signed("GET", "/v1/photos", query, "127.0.0.1:9100", ""));
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.bodyText()).contains("\"code\":\"MethodNotAllowed\"");
    }

    @Test
    void aVirtualHostRequestMustAddressTheRoot() {
        assertThat(apis.answer(signed("GET", "/photos", "notification", "photos.bos.example.test", "")).status())
                .as("not the root: no vendor claims it, and it is refused as unsigned").isEqualTo(403);
        assertThat(apis.answer(signed("GET", "/", "notification", "bos.example.test", ""))).as("no bucket label").isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''", "Garbage x", "Bearer abc"})
    void aNotificationRequestNoVendorClaimsIsRefused403NotLeftAsAMissingRoute(String authorization) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("127.0.0.1:9100"));
        if (!authorization.isEmpty()) {
            headers.put("Authorization", List.of(authorization));
        }
        for (String method : List.of("PUT", "GET", "DELETE")) {
            HttpReply reply = apis.answer(new HttpRequestView(method, "/photos", "notification", headers, new byte[0]));
            assertThat(reply.status()).as(method).isEqualTo(403);
            assertThat(reply.bodyText()).contains("\"error\":\"access_denied\"").contains("bce-auth-v1", "QS", "KSS");
        }
        assertThat(stored).as("nothing stored").isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/|photos.ks3.example.test|''|AccessDenied",
            "/photos|127.0.0.1:9100|KSS nobody:c2ln|InvalidAccessKeyId",
            "/photos/|127.0.0.1:9100|AWS nobody:c2ln|InvalidAccessKeyId",
            "/photos|127.0.0.1:9100|KSS4-HMAC-SHA256 Credential=nobody/20261123/BEIJING/ks3/kss4_request, SignedHeaders=host, Signature=00|AuthorizationHeaderMalformed"})
    void ks3RequestsAreRecognisedByHostSuffixOrAuthorizationScheme(String path, String host, String authorization,
                                                                  String code) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of(host));
        headers.put("Date", List.of("Mon, 23 Nov 2026 10:00:00 GMT"));
        if (!authorization.isEmpty()) {
            headers.put("Authorization", List.of(authorization));
        }
        HttpReply reply = apis.answer(new HttpRequestView("GET", path, "notification", headers, new byte[0]));
        assertThat(reply).isNotNull();
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).contains("<Code>" + code + "</Code>", "<Resource>/photos</Resource>");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/|photos.qs.example.test|''|''",
            "/photos|127.0.0.1:9100|QS nobody:c2ln|''",
            "/photos|127.0.0.1:9100|''|access_key_id=nobody&expires=1800000000&signature=c2ln"})
    void qingStorRequestsAreRecognisedByHostSuffixOrSignature(String path, String host, String authorization, String query) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of(host));
        headers.put("Date", List.of("Mon, 23 Nov 2026 10:00:00 GMT"));
        if (!authorization.isEmpty()) {
            headers.put("Authorization", List.of(authorization));
        }
        HttpReply reply = apis.answer(new HttpRequestView("GET", path, "notification" + (query.isEmpty() ? "" : "&" + query),
                headers, new byte[0]));
        assertThat(reply).isNotNull();
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).contains("\"request_id\":\"req-1\"", "\"url\":");
    }

    @Test
    void aBucketPathSignedWithBceIsNeitherKs3NorQingStor() {
        assertThat(apis.answer(signed("GET", "/photos", "notification", "127.0.0.1:9100", "")).status())
                .as("bce-auth-v1 on a KS3 path").isEqualTo(403);
    }

    @Test
    void postEventGoesToThePublisher() {
        String events = """
                {"events":[{"eventType":"PutObject","content":{"object":"a.jpg","filesize":1}}]}""";
        HttpReply reply = apis.answer(signed("POST", "/v1/photos/", "event", "127.0.0.1:9100", events));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers()).containsEntry("x-herald-deliveries", "1");
    }

    @Test
    void anUnsignedRequestIsRefusedTheBosWay() {
        HttpReply reply = apis.answer(new HttpRequestView("GET", "/v1/photos", "notification",
                Map.of("Host", List.of("127.0.0.1:9100")), new byte[0]));
        assertThat(reply.status()).isEqualTo(403);
        assertThat(new String(reply.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":\"AccessDenied\",\"message\":\"" + message(reply) + "\",\"requestId\":\"req-1\"}");
    }

    private static String message(HttpReply reply) {
        String body = new String(reply.body(), StandardCharsets.UTF_8);
        return body.replaceAll(".*\"message\":\"([^\"]*)\".*", "$1");
    }

    private static HttpRequestView signed(String method, String path, String query, String host, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of(host));
        headers.put("Content-Type", List.of("application/json; charset=utf-8"));
        headers.put("Content-Length", List.of(Integer.toString(bytes.length)));
        headers.put("x-bce-date", List.of("2026-11-23T10:00:00Z"));
        HttpRequestView unsigned = new HttpRequestView(method, path, query, headers, bytes);
        Map<String, List<String>> withAuth = new LinkedHashMap<>(headers);
        withAuth.put("Authorization", List.of(BceAuthV1.sign(unsigned, AK, SK, NOW, 1800, List.of())));
        return new HttpRequestView(method, path, query, withAuth, bytes);
    }
}
