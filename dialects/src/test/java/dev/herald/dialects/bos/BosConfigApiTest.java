package dev.herald.dialects.bos;

import dev.herald.dialects.SignatureLimits;
import dev.herald.dialects.ConfigContext;
import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.Producer;
import dev.herald.dialects.InMemoryRules;
import dev.herald.dialects.StoreUnavailableException;
import dev.herald.dialects.TargetPolicy;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.dialects.bos.TestRequests.CANNED_GET_RESPONSE;
import static dev.herald.dialects.bos.TestRequests.DELETE;
import static dev.herald.dialects.bos.TestRequests.GET;
import static dev.herald.dialects.bos.TestRequests.PUT;
import static dev.herald.dialects.bos.TestRequests.SDK_ACCESS_KEY;
import static dev.herald.dialects.bos.TestRequests.SDK_SECRET_KEY;
import static dev.herald.dialects.bos.TestRequests.capture;
import static org.assertj.core.api.Assertions.assertThat;

class BosConfigApiTest {
    private static final Instant NOW = Instant.parse("2026-11-22T13:48:57Z");
    private static final String BUCKET = "my-bucket";
    private static final String SDK_RULE_AS_STORED = "{\"notifications\":[{\"id\":\"n1\",\"name\":\"rule-1\",\"appId\":\"app-1\","
            + "\"status\":\"enabled\",\"resources\":[\"/images/\"],\"events\":[\"PutObject\",\"CompleteMultipartUpload\"],"
            + "\"apps\":[{\"id\":\"app-1\",\"eventUrl\":\"http://127.0.0.1:9999/bos\",\"xVars\":\"{\\\"k\\\":\\\"v\\\"}\","
            + "\"deliveryUrl\":\"http://127.0.0.1:9999/bos\"}],\"encryption\":{\"key\":\"0123456789abcdef0123456789abcdef\"}}]}";


    private final InMemoryRules rules = new InMemoryRules();
    private final List<ObjectEvent> published = new ArrayList<>();
    private final List<String> publishedFor = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Credential> credentials = Map.of(
            SDK_ACCESS_KEY, new Credential(SDK_ACCESS_KEY, SDK_SECRET_KEY, List.of("my-*")),
            "logs-ak", new Credential("logs-ak", "logs-sk", List.of("logs-*")));
    private final ConfigContext ctx = new ConfigContext(Clock.fixed(NOW, ZoneOffset.UTC),
            ak -> Optional.ofNullable(credentials.get(ak)), rules, TargetPolicy.ALLOW_ALL,
            (events, dialect) -> {
                published.addAll(events);
                publishedFor.add(dialect);
                return 2 * events.size();
            },
            () -> "req-" + ids.incrementAndGet(), bucket -> !bucket.equals("my-missing-bucket"), SignatureLimits.DEFAULT);
    private final BosConfigApi api = new BosConfigApi(new BosSettings(null, Map.of(), null));

    private HttpReply handle(HttpRequestView request) {
        return api.handle(request, BUCKET, ctx);
    }

    /** A request signed by the SDK's credential, the way the BOS Java SDK signs (default header set). */
    private static HttpRequestView signed(String method, String bucket, String query, String body) {
        return signed(method, bucket, query, body, SDK_ACCESS_KEY, SDK_SECRET_KEY);
    }

    private static HttpRequestView signed(String method, String bucket, String query, String body, String ak, String sk) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "127.0.0.1:9100");
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        HttpRequestView unsigned = TestRequests.request(method, "/v1/" + bucket, query, headers, body);
        return TestRequests.withHeader(unsigned, "Authorization", BceAuthV1.sign(unsigned, ak, sk, NOW, 1800, List.of()));
    }

    private static void assertError(HttpReply reply, int status, String json) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.headers()).containsEntry("Content-Type", "application/json; charset=utf-8");
        assertThat(reply.bodyText()).isEqualTo(json);
    }

    @Test
    void theBosJavaSdksPutGetDeleteRoundTrip() {
        HttpReply put = handle(capture(PUT));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.headers()).containsExactly(Map.entry("x-bce-request-id", "req-1"));
        assertThat(put.body()).isEmpty();
        assertThat(rules.docs).containsExactly(Map.entry("my-bucket/bos", SDK_RULE_AS_STORED));

        HttpReply get = handle(capture(GET));
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.headers()).containsEntry("x-bce-request-id", "req-2");
        assertThat(get.bodyText()).isEqualTo("{\"notifications\":[{\"id\":\"n1\",\"name\":\"rule-1\",\"appId\":\"app-1\","
                + "\"status\":\"enabled\",\"resources\":[\"/images/\"],\"events\":[\"PutObject\",\"CompleteMultipartUpload\"],"
                + "\"apps\":[{\"id\":\"app-1\",\"eventUrl\":\"http://127.0.0.1:9999/bos\",\"xVars\":\"{\\\"k\\\":\\\"v\\\"}\"}],"
                + "\"encryption\":{\"key\":\"0123456789abcdef0123456789abcdef\"}}]}");

        HttpReply delete = handle(capture(DELETE));
        assertThat(delete.status()).isEqualTo(200);
        assertThat(delete.body()).isEmpty();
        assertThat(rules.docs).isEmpty();

        assertThat(handle(signed("GET", BUCKET, "notification", "")).bodyText()).isEqualTo("{\"notifications\":[]}");
    }

    @Test
    void getAnswersExactlyTheShapeTheSdkParsed() {
        String canned = TestRequests.resource(CANNED_GET_RESPONSE).strip();
        assertThat(handle(signed("PUT", BUCKET, "notification", canned)).status()).isEqualTo(200);
        assertThat(handle(signed("GET", BUCKET, "notification", "")).bodyText()).isEqualTo(canned);
    }

    @Test
    void putReplacesTheWholeRuleSet() {
        handle(capture(PUT));
        String other = TestRequests.resource(CANNED_GET_RESPONSE).strip().replace("\"n1\"", "\"n2\"");
        handle(signed("PUT", BUCKET, "notification", other));
        assertThat(handle(signed("GET", BUCKET, "notification", "")).bodyText()).contains("\"id\":\"n2\"").doesNotContain("\"n1\"");
    }

    @Test
    void anInvalidRuleIsRefusedAndNothingIsStored() {
        String body = TestRequests.resource(CANNED_GET_RESPONSE).replace("\"enabled\"", "\"on\"");
        assertError(handle(signed("PUT", BUCKET, "notification", body)), 400, "{\"code\":\"InvalidArgument\","
                + "\"message\":\"notifications[0].status 'on' is not a status; allowed values: enabled, disabled\",\"requestId\":\"req-1\"}");
        assertThat(rules.docs).isEmpty();
    }

    @Test
    void aBadSignatureIsRefusedBeforeAnythingElse() {
        HttpReply reply = handle(signed("PUT", BUCKET, "notification", "not json", SDK_ACCESS_KEY, "wrong"));
        assertThat(reply.headers()).containsEntry("x-bce-request-id", "req-1");
        assertError(reply, 400, "{\"code\":\"SignatureDoesNotMatch\",\"message\":\"the request signature does not match the "
                + "signature Herald calculated; check the secret key and the bce-auth-v1 signing of method, path, query and headers\","
                + "\"requestId\":\"req-1\"}");
    }

    @Test
    void aCredentialOnlyManagesItsBuckets() {
        HttpReply reply = api.handle(signed("GET", "my-bucket", "notification", "", "logs-ak", "logs-sk"), "my-bucket", ctx);
        assertError(reply, 403, "{\"code\":\"AccessDenied\",\"message\":\"access key 'logs-ak' may not manage bucket 'my-bucket'\","
                + "\"requestId\":\"req-1\"}");
        assertThat(api.handle(signed("GET", "logs-1", "notification", "", "logs-ak", "logs-sk"), "logs-1", ctx).status()).isEqualTo(200);
    }

    @Test
    void otherOperationsAreNotAllowed() {
        for (HttpRequestView r : List.of(signed("POST", BUCKET, "notification", ""), signed("PUT", BUCKET, "event", "{}"),
                signed("GET", BUCKET, null, ""), signed("HEAD", BUCKET, "notification", ""))) {
            HttpReply reply = handle(r);
            assertThat(reply.status()).as(r.method() + " ?" + r.rawQuery()).isEqualTo(405);
            assertThat(reply.bodyText()).startsWith("{\"code\":\"MethodNotAllowed\",\"message\":\"" + r.method()
                    + " is not a BOS operation Herald serves here; it serves PUT, GET and DELETE ?notification and POST ?event\"");
        }
    }

    /** With a backend configured, the bucket must exist there (checked after the signature, so strangers learn nothing). */
    @Test
    void aBucketTheBackendDoesNotHaveIsNoSuchBucket() {
        HttpReply reply = api.handle(signed("GET", "my-missing-bucket", "notification", ""), "my-missing-bucket", ctx);
        assertThat(reply.status()).isEqualTo(404);
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).contains("\"code\":\"NoSuchBucket\"", "my-missing-bucket");
    }

    @Test
    void anUnavailableStoreIsA503() {
        rules.failure = new StoreUnavailableException("disk full", null);
        assertError(handle(capture(PUT)), 503, "{\"code\":\"ServiceUnavailable\","
                + "\"message\":\"Herald could not carry out the request (disk full); retry later\",\"requestId\":\"req-1\"}");
    }

    @Test
    void anUnexpectedFailureIsA500WithoutInternals() {
        rules.failure = new IllegalStateException("connection pool /var/lib/herald exhausted");
        assertError(handle(capture(GET)), 500, "{\"code\":\"InternalError\",\"message\":\"Herald failed to handle the "
                + "request; retry later, or report request id req-1 if it persists\",\"requestId\":\"req-1\"}");
    }

    @Test
    void postEventPublishesTheEventsForBosRulesOnly() {
        String body = """
                {"events":[
                 {"eventId":"2a513199-bbb9-4ac7-b12a-60213c26810d","eventTime":"2018-09-05T02:28:49Z","eventType":"PutObject",
                  "eventFrom":"Replication","version":"1.0","eventOrigin":"bos:realtime",
                  "content":{"bucket":"my-bucket","object":"images/test.jpg","eTag":"977b9623a15e520c663ac5ff6647e881",
                   "filesize":24414,"contentType":"application/octet-stream","userId":"c7ac82ae14ef42d1a4ffa3b2ececa17f",
                   "domain":"bj.bcebos.com","lastModified":"2018-09-05T02:28:40Z"}},
                 {"eventType":"DeleteMultipleObjects","content":{"object":"docs/a b.txt"}}]}""";
        HttpReply reply = handle(signed("POST", BUCKET, "event", body));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.bodyText()).isEqualTo("{}");
        assertThat(reply.headers()).containsEntry("x-bce-request-id", "req-1").containsEntry("x-herald-deliveries", "4");
        assertThat(publishedFor).containsExactly("bos");
        assertThat(published).containsExactly(
                new ObjectEvent("2a513199-bbb9-4ac7-b12a-60213c26810d", Producer.BOS_POST_EVENT, "Replication:Create",
                        Instant.parse("2018-09-05T02:28:49Z"), BUCKET, "images/test.jpg", 24414L,
                        "977b9623a15e520c663ac5ff6647e881", "application/octet-stream", null, null, null, null, "req-1",
                        "c7ac82ae14ef42d1a4ffa3b2ececa17f", null, null),
                new ObjectEvent("req-2", Producer.BOS_POST_EVENT, "ObjectRemoved:DeleteMultiple", NOW, BUCKET, "docs/a b.txt",
                        null, null, null, null, null, null, null, "req-1", null, null, null));
    }

    @Test
    void anInvalidPostEventPublishesNothing() {
        String body = "{\"events\":[{\"eventType\":\"PutObject\",\"content\":{\"object\":\"a\"}},"
                + "{\"eventType\":\"ObjectCreateGroup:*\",\"content\":{\"object\":\"b\"}}]}";
        HttpReply reply = handle(signed("POST", BUCKET, "event", body));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.bodyText()).startsWith("{\"code\":\"InvalidArgument\",\"message\":\"events[1].eventType "
                + "'ObjectCreateGroup:*' is not a concrete BOS event type (groups are for rules only); allowed values: PutObject, ");
        assertThat(published).isEmpty();
    }

    @Test
    void aBucketNameBosWouldRefuseIsInvalidBucketName() {
        HttpReply reply = api.handle(signed("GET", "My_Bucket", "notification", ""), "My_Bucket", ctx);
        assertError(reply, 400, "{\"code\":\"InvalidBucketName\",\"message\":\"bucket name 'My_Bucket' may only "
                + "contain lower-case letters, digits and '-'\",\"requestId\":\"req-1\"}");
    }

    @Test
    void aRuleBodyOver64KibIsEntityTooLargeAndNothingIsStored() {
        String big = "{\"notifications\":[]," + "\"x\":\"" + "y".repeat(64 * 1024) + "\"}";
        assertError(handle(signed("PUT", BUCKET, "notification", big)), 400, "{\"code\":\"EntityTooLarge\",\"message\":"
                + "\"the rules are " + big.length() + " bytes long; Herald accepts at most 65536 per PutNotification\","
                + "\"requestId\":\"req-1\"}");
        assertThat(rules.docs).isEmpty();
    }
}
