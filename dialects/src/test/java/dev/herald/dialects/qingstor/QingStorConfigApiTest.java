package dev.herald.dialects.qingstor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.BucketDirectory;
import dev.herald.dialects.ConfigContext;
import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.InMemoryRules;
import dev.herald.dialects.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_ACCESS_KEY;
import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_SECRET_KEY;
import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_SIGNED_AT;
import static dev.herald.dialects.qingstor.QingStorFixtures.capture;
import static dev.herald.dialects.qingstor.QingStorFixtures.presigned;
import static dev.herald.dialects.qingstor.QingStorFixtures.request;
import static dev.herald.dialects.qingstor.QingStorFixtures.sdkSigned;
import static dev.herald.dialects.qingstor.QingStorFixtures.signed;
import static dev.herald.dialects.qingstor.QingStorFixtures.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

class QingStorConfigApiTest {
    private static final String BUCKET = "my-bucket";
    private static final String RULES = "{\"notifications\":[{\"id\":\"images\",\"event_types\":\"create_object\","
            + "\"object_filters\":\"images/*\",\"cloudfunc\":\"notifier\",\"notify_url\":\"http://198.51.100.1:8080/qs\"}]}";
    private static final String ERROR_URL = "https://docs.qingcloud.com/qingstor/api/error_code.html";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryRules rules = new InMemoryRules();
    private final AtomicInteger requestIds = new AtomicInteger();
    private final Map<String, Credential> credentials = Map.of(
            SDK_ACCESS_KEY, new Credential(SDK_ACCESS_KEY, SDK_SECRET_KEY, List.of("my-*")),
            "logs-ak", new Credential("logs-ak", "logs-sk", List.of("logs-*")));
    private BucketDirectory buckets = bucket -> Set.of("my-bucket", "my-thumbs", "logs-1").contains(bucket);
    private Instant now = SDK_SIGNED_AT;
    private final QingStorConfigApi api = new QingStorConfigApi(QingStorSettings.defaults(), null);

    private ConfigContext context() {
        return new ConfigContext(Clock.fixed(now, ZoneOffset.UTC), ak -> Optional.ofNullable(credentials.get(ak)), rules,
                uri -> "10.0.0.1".equals(uri.getHost()) ? Optional.of("private address") : Optional.empty(),
                (events, dialect) -> {
                    throw new AssertionError("QingStor publishes nothing");
                }, () -> "req-" + requestIds.incrementAndGet(), buckets);
    }

    /** Path style, as the sidecar routes {@code /my-bucket?notification}. */
    private HttpReply handle(HttpRequestView request) {
        return api.handle(request, BUCKET, false, context());
    }

    private static HttpRequestView signedAtNow(String method, String body) {
        return sdkSigned(method, BUCKET, body, SDK_SIGNED_AT);
    }

    private static void assertError(HttpReply reply, int status, String code, String message, String requestId) throws Exception {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.headers()).containsOnly(Map.entry("x-qs-request-id", requestId), Map.entry("Content-Type", "application/json"));
        assertThat(reply.bodyText()).isEqualTo("{\"code\":\"" + code + "\",\"message\":" + JSON.writeValueAsString(message)
                + ",\"request_id\":\"" + requestId + "\",\"url\":\"" + ERROR_URL + "\"}");
    }

    // --- the SDK's own requests ---

    @Test
    void theSdksPutGetDeleteRoundTrip() throws Exception {
        HttpReply put = handle(capture(QingStorFixtures.SDK_PUT));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.headers()).containsOnly(Map.entry("x-qs-request-id", "req-1"));
        assertThat(put.body()).isEmpty();
        String putBody = new String(capture(QingStorFixtures.SDK_PUT).body(), StandardCharsets.UTF_8);
        assertThat(rules.docs).containsOnly(Map.entry("my-bucket/qingstor", putBody));

        now = SDK_SIGNED_AT.plusSeconds(1);
        HttpReply get = handle(capture(QingStorFixtures.SDK_GET));
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.headers()).containsOnly(Map.entry("x-qs-request-id", "req-2"), Map.entry("Content-Type", "application/json"));
        assertThat(get.bodyText()).isEqualTo(putBody);

        HttpReply delete = handle(capture(QingStorFixtures.SDK_DELETE));
        assertThat(delete.status()).isEqualTo(204);
        assertThat(delete.headers()).containsOnly(Map.entry("x-qs-request-id", "req-3"));
        assertThat(rules.docs).isEmpty();

        HttpReply none = handle(capture(QingStorFixtures.SDK_GET));
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.bodyText()).isEqualTo("{\"notifications\":[]}");
    }

    @Test
    void getAnswersTheShapeTheSdkAccepted() {
        String accepted = QingStorFixtures.resource(QingStorFixtures.SDK_GET_ANSWER).trim();
        assertThat(handle(signedAtNow("PUT", accepted)).status()).isEqualTo(200);
        assertThat(handle(signedAtNow("GET", "")).bodyText()).isEqualTo(accepted);
    }

    @Test
    void getAnswersExactlyWhatWasPutSingleStringsIncluded() {
        handle(signedAtNow("PUT", RULES));
        assertThat(handle(signedAtNow("GET", "")).bodyText()).isEqualTo(RULES);
    }

    @Test
    void putReplacesTheWholeSetAndAnEmptyListRemovesIt() {
        handle(signedAtNow("PUT", RULES));
        String other = RULES.replace("\"images\"", "\"docs\"").replace("images/*", "docs/*");
        assertThat(handle(signedAtNow("PUT", other)).status()).isEqualTo(200);
        assertThat(handle(signedAtNow("GET", "")).bodyText()).isEqualTo(other);
        assertThat(handle(signedAtNow("PUT", "{\"notifications\":[]}")).status()).isEqualTo(200);
        assertThat(rules.docs).isEmpty();
        assertThat(handle(signedAtNow("GET", "")).bodyText()).isEqualTo("{\"notifications\":[]}");
    }

    @Test
    void deleteWithoutRulesIsStill204() {
        assertThat(handle(signedAtNow("DELETE", "")).status()).isEqualTo(204);
    }

    @Test
    void virtualHostStyleSignsTheBucket() {
        HttpRequestView request = signed(request("PUT", "/", RULES, SDK_SIGNED_AT), SDK_ACCESS_KEY, SDK_SECRET_KEY,
                "/my-bucket?notification");
        assertThat(api.handle(request, BUCKET, true, context()).status()).isEqualTo(200);
        // The same request taken for path style is signed over another resource.
        assertThat(handle(request).status()).isEqualTo(401);
    }

    @Test
    void queryStringSignedRequestsWork() {
        HttpRequestView request = presigned(request("PUT", "/my-bucket", RULES, SDK_SIGNED_AT), SDK_ACCESS_KEY, SDK_SECRET_KEY,
                "/my-bucket?notification", SDK_SIGNED_AT.getEpochSecond() + 600);
        assertThat(handle(request).status()).isEqualTo(200);
        assertThat(rules.docs).containsOnly(Map.entry("my-bucket/qingstor", RULES));
    }

    // --- one test per error code ---

    @Test
    void invalidAccessKeyId() throws Exception {
        HttpRequestView request = signed(request("GET", "/my-bucket", "", SDK_SIGNED_AT), "AKNOBODY", "x", "/my-bucket?notification");
        assertError(handle(request), 401, "invalid_access_key_id", "the access key id 'AKNOBODY' is not known to Herald", "req-1");
    }

    @Test
    void signatureNotMatched() throws Exception {
        HttpRequestView request = signed(request("GET", "/my-bucket", "", SDK_SIGNED_AT), SDK_ACCESS_KEY, "wrong", "/my-bucket?notification");
        assertError(handle(request), 401, "signature_not_matched", "the signature does not match the one Herald calculated with "
                + "the access key's secret over the string to sign 'GET\\n\\n\\nSun, 22 Nov 2026 13:49:07 GMT\\n/my-bucket?notification'",
                "req-1");
    }

    @Test
    void requestExpired() throws Exception {
        now = SDK_SIGNED_AT.plusSeconds(16 * 60);
        assertError(handle(capture(QingStorFixtures.SDK_PUT)), 403, "request_expired", "the request time Sun, 22 Nov 2026 "
                + "13:49:07 GMT (Date) is more than 15 minutes from Herald's time 2026-11-22T14:05:07Z", "req-1");
    }

    @Test
    void permissionDenied() throws Exception {
        assertError(handle(request("GET", "/my-bucket", "", SDK_SIGNED_AT)), 403, "permission_denied", "the request is not "
                + "signed: send 'Authorization: QS <access_key_id>:<signature>' or the query parameters access_key_id, expires "
                + "and signature", "req-1");
        HttpRequestView logs = signed(request("GET", "/my-bucket", "", SDK_SIGNED_AT), "logs-ak", "logs-sk", "/my-bucket?notification");
        assertError(handle(logs), 403, "permission_denied", "access key 'logs-ak' may not manage bucket 'my-bucket'", "req-2");
    }

    @Test
    void invalidJson() throws Exception {
        assertError(handle(signedAtNow("PUT", "[]")), 400, "invalid_json",
                "the request body must be a JSON object {\"notifications\":[...]}", "req-1");
    }

    @Test
    void invalidRequest() throws Exception {
        assertError(handle(signedAtNow("GET", "").withHeader("Authorization", "QS nocolon")), 400, "invalid_request",
                "the Authorization header must be 'QS <access_key_id>:<signature>', not 'QS nocolon'", "req-1");
    }

    @Test
    void invalidArgument() throws Exception {
        assertError(handle(signedAtNow("PUT", RULES.replace("198.51.100.1", "10.0.0.1"))), 400, "invalid_argument",
                "notifications[0].notify_url 'http://10.0.0.1:8080/qs' is refused: private address", "req-1");
        assertThat(rules.docs).isEmpty();
    }

    @Test
    void bucketNotExists() throws Exception {
        buckets = bucket -> false;
        assertError(handle(signedAtNow("GET", "")), 404, "bucket_not_exists", "the bucket 'my-bucket' does not exist", "req-1");
    }

    @Test
    void bucketExistenceIsOnlyToldToSigners() throws Exception {
        buckets = bucket -> false;
        assertError(handle(request("GET", "/my-bucket", "", SDK_SIGNED_AT)), 403, "permission_denied",
                "the request is not signed: send 'Authorization: QS <access_key_id>:<signature>' or the query parameters "
                        + "access_key_id, expires and signature", "req-1");
    }

    @Test
    void methodNotAllowed() throws Exception {
        assertError(handle(signedAtNow("POST", "")), 405, "method_not_allowed",
                "POST ?notification is not a QingStor operation Herald serves; it serves PUT, GET and DELETE ?notification", "req-1");
        HttpRequestView acl = signed(withQuery(request("GET", "/my-bucket", "", SDK_SIGNED_AT), "acl"), SDK_ACCESS_KEY,
                SDK_SECRET_KEY, "/my-bucket?acl");
        assertError(handle(acl), 405, "method_not_allowed",
                "GET is not a QingStor operation Herald serves; it serves PUT, GET and DELETE ?notification", "req-2");
    }

    @Test
    void internalErrorHidesTheCause() throws Exception {
        rules.failure = new IllegalStateException("SQLITE_CORRUPT /var/lib/herald/herald.db");
        assertError(handle(signedAtNow("GET", "")), 500, "internal_error",
                "Herald could not answer this request; retry later, and quote request id req-1 when reporting it", "req-1");
    }

    @Test
    void serviceUnavailableWhenTheStoreOrBackendIsDown() throws Exception {
        rules.failure = new StoreUnavailableException("disk full", null);
        assertError(handle(signedAtNow("PUT", RULES)), 503, "service_unavailable",
                "Herald cannot reach its store or the backend right now (disk full); retry later", "req-1");
        rules.failure = null;
        buckets = bucket -> {
            throw new StoreUnavailableException("backend down", null);
        };
        assertError(handle(signedAtNow("GET", "")), 503, "service_unavailable",
                "Herald cannot reach its store or the backend right now (backend down); retry later", "req-2");
    }

    // --- image rules writing to other buckets ---

    private static String imageRule(String saveBucket) {
        return "{\"notifications\":[{\"id\":\"thumbs\",\"event_types\":[\"create_object\"],\"cloudfunc\":\"image\","
                + "\"cloudfunc_args\":{\"action\":\"resize:w_100\",\"save_bucket\":\"" + saveBucket + "\"}}]}";
    }

    @Test
    void saveBucketMustBeAllowedToTheSignerAndExist() throws Exception {
        assertThat(handle(signedAtNow("PUT", imageRule("my-thumbs"))).status()).isEqualTo(200);
        assertThat(handle(signedAtNow("PUT", imageRule("my-bucket"))).status()).isEqualTo(200);
        assertError(handle(signedAtNow("PUT", imageRule("logs-1"))), 403, "permission_denied",
                "notifications[0].cloudfunc_args.save_bucket 'logs-1': access key 'AKQSTEST000000000000' may not write to that bucket",
                "req-3");
        assertError(handle(signedAtNow("PUT", imageRule("my-missing"))), 400, "invalid_argument",
                "notifications[0].cloudfunc_args.save_bucket 'my-missing' does not exist", "req-4");
    }

    @Test
    void aBucketNameQingStorWouldRefuseIsInvalidBucketName() throws Exception {
        HttpReply reply = api.handle(sdkSigned("GET", "logs", "", SDK_SIGNED_AT), "logs", false, context());
        assertError(reply, 400, "invalid_bucket_name", "bucket name 'logs' must be 6 to 63 characters long", "req-1");
    }

    @Test
    void aRuleBodyOver64KibIsEntityTooLarge() throws Exception {
        String big = "{\"notifications\":[]," + "\"x\":\"" + "y".repeat(64 * 1024) + "\"}";
        assertError(handle(signedAtNow("PUT", big)), 400, "entity_too_large", "the rules are " + big.length()
                + " bytes long; Herald accepts at most 65536 per PUT Bucket Notification", "req-1");
        assertThat(rules.docs).isEmpty();
    }
}
