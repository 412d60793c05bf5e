package dev.herald.dialects.ks3;

import com.ksyun.ks3.http.HttpMethod;
import com.ksyun.ks3.service.Ks3ClientConfig.SignerVersion;
import dev.herald.dialects.BucketDirectory;
import dev.herald.dialects.ConfigContext;
import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.InMemoryRules;
import dev.herald.dialects.StoreUnavailableException;
import dev.herald.dialects.TargetPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.dialects.ks3.Ks3Requests.SDK_ACCESS_KEY;
import static dev.herald.dialects.ks3.Ks3Requests.SDK_SECRET_KEY;
import static dev.herald.dialects.ks3.Ks3Requests.sdkSigned;
import static dev.herald.dialects.ks3.Ks3Requests.signedAt;
import static org.assertj.core.api.Assertions.assertThat;

class Ks3ConfigApiTest {
    private static final Instant NOW = Instant.parse("2026-11-22T13:48:58Z");
    private static final String BUCKET = "my-bucket";
    private static final String RULE = "{\"RuleId\":\"images\",\"Events\":[\"ks3:ObjectCreated:*\"],\"Resources\":[{\"Prefix\":\"images/\"}],"
            + "\"Destinations\":[{\"DestType\":\"EndPoint\",\"CallbackUrl\":\"http://198.51.100.1:8080/ks3?ak=x\"}],"
            + "\"Report\":{\"ReportType\":\"failed\",\"Enabled\":\"true\",\"Bucket\":\"reports\"}}";
    private static final String RULES = "{\"Notifications\":[" + RULE + "]}";


    private final InMemoryRules rules = new InMemoryRules();
    private final AtomicInteger requestIds = new AtomicInteger();
    private final Map<String, Credential> credentials = Map.of(
            SDK_ACCESS_KEY, new Credential(SDK_ACCESS_KEY, SDK_SECRET_KEY, List.of("my-*")),
            "logs-ak", new Credential("logs-ak", "logs-sk", List.of("logs-*")));
    private BucketDirectory buckets = BucketDirectory.ANY;
    private final Ks3ConfigApi api = new Ks3ConfigApi(null);

    /** Handles the request with Herald's clock at the time it was signed. */
    private HttpReply handle(HttpRequestView request) {
        Instant now = request.header("Authorization") == null ? NOW : signedAt(request);
        ConfigContext ctx = new ConfigContext(Clock.fixed(now, ZoneOffset.UTC), ak -> Optional.ofNullable(credentials.get(ak)),
                rules, TargetPolicy.ALLOW_ALL, (events, dialect) -> {
                    throw new AssertionError("KS3 publishes nothing");
                }, () -> "req-" + requestIds.incrementAndGet(), buckets);
        return api.handle(request, BUCKET, ctx);
    }

    /** {@code method /my-bucket?notification}, signed by the KS3 Java SDK's V2 signer at NOW. */
    private static HttpRequestView signed(HttpMethod method, String body) {
        return sdkSigned(method, BUCKET, body, SignerVersion.V2, SDK_ACCESS_KEY, SDK_SECRET_KEY, NOW);
    }

    private static void assertError(HttpReply reply, int status, String code, String message, String requestId) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.headers()).containsOnly(Map.entry("x-kss-request-id", requestId), Map.entry("Content-Type", "application/xml"));
        assertThat(reply.bodyText()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
                + message + "</Message><Resource>/my-bucket</Resource><RequestId>" + requestId + "</RequestId></Error>");
    }

    @Test
    void putGetDeleteRoundTrip() {
        HttpReply put = handle(signed(HttpMethod.PUT, RULES));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.headers()).containsOnly(Map.entry("x-kss-request-id", "req-1"));
        assertThat(put.body()).isEmpty();
        assertThat(rules.docs).containsOnly(Map.entry("my-bucket/ks3", RULES));

        HttpReply get = handle(signed(HttpMethod.GET, ""));
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.headers()).containsOnly(Map.entry("x-kss-request-id", "req-2"), Map.entry("Content-Type", "application/json"));
        assertThat(get.bodyText()).isEqualTo(RULES);

        HttpReply delete = handle(signed(HttpMethod.DELETE, ""));
        assertThat(delete.status()).isEqualTo(204);
        assertThat(delete.headers()).containsOnly(Map.entry("x-kss-request-id", "req-3"));
        assertThat(delete.body()).isEmpty();
        assertThat(rules.docs).isEmpty();

        assertError(handle(signed(HttpMethod.GET, "")), 404, "NoSuchBucketNotification",
                "the bucket &apos;my-bucket&apos; has no notification rules", "req-4");
    }

    @Test
    void theSdksV4SignerWorksToo() {
        assertThat(handle(sdkSigned(HttpMethod.PUT, BUCKET, RULES, SignerVersion.V4, SDK_ACCESS_KEY, SDK_SECRET_KEY)).status()).isEqualTo(200);
        HttpReply get = handle(sdkSigned(HttpMethod.GET, BUCKET, "", SignerVersion.V4, SDK_ACCESS_KEY, SDK_SECRET_KEY));
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.bodyText()).isEqualTo(RULES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "true"})
    void getEchoesEnabledExactlyAsItWasPut(String enabled) {
        String body = RULES.replace("\"Enabled\":\"true\"", "\"Enabled\":" + enabled);
        handle(signed(HttpMethod.PUT, body));
        assertThat(handle(signed(HttpMethod.GET, "")).bodyText()).isEqualTo(body).contains("\"Enabled\":" + enabled + ",");
    }

    @Test
    void putReplacesTheWholeRuleSet() {
        handle(signed(HttpMethod.PUT, RULES));
        String other = RULES.replace("\"images\"", "\"docs\"").replace("images/", "docs/");
        handle(signed(HttpMethod.PUT, other));
        assertThat(handle(signed(HttpMethod.GET, "")).bodyText()).isEqualTo(other);
    }

    @Test
    void putWithAnEmptyListRemovesEveryRule() {
        handle(signed(HttpMethod.PUT, RULES));
        assertThat(handle(signed(HttpMethod.PUT, "{\"Notifications\":[]}")).status()).isEqualTo(200);
        assertThat(rules.docs).isEmpty();
        assertThat(handle(signed(HttpMethod.GET, "")).status()).isEqualTo(404);
    }

    @Test
    void deleteWithoutRulesIsStillNoContent() {
        assertThat(handle(signed(HttpMethod.DELETE, "")).status()).isEqualTo(204);
    }

    @Test
    void anInvalidRuleIsRefusedAndNothingIsStored() {
        handle(signed(HttpMethod.PUT, RULES));
        assertError(handle(signed(HttpMethod.PUT, RULES.replace("\"images\"", "\"Images\""))), 400, "InvalidArgument",
                "Notifications[0].RuleId &apos;Images&apos; must start with a lower-case letter followed by at most 31 letters, "
                        + "digits or underscores ([a-z][a-zA-Z0-9_]{0,31})", "req-2");
        assertThat(rules.docs).containsOnly(Map.entry("my-bucket/ks3", RULES));
    }

    @Test
    void aBodyThatIsNotJsonIsMalformedJson() {
        HttpReply reply = handle(signed(HttpMethod.PUT, "<Notifications/>"));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.bodyText())
                .contains("<Code>MalformedJSON</Code><Message>the request body is not valid JSON: Unexpected character "
                        + "(&apos;&lt;&apos; (code 60))")
                .endsWith("(line 1, column 1)</Message><Resource>/my-bucket</Resource><RequestId>req-1</RequestId></Error>");
    }

    @Test
    void messagesAreXmlEscaped() {
        HttpReply reply = handle(signed(HttpMethod.PUT, RULES.replace("\"images\"", "\"a<b>&\\\"c'\\u0001\"")));
        assertThat(reply.bodyText()).contains("<Message>Notifications[0].RuleId &apos;a&lt;b&gt;&amp;&quot;c&apos;\uFFFD&apos; must start");
        assertThat(Ks3ConfigApi.xmlText("ok\t\n\r é 界 \uD83D\uDE00 \uD800 \uFFFE")).isEqualTo("ok\t\n\r é 界 \uD83D\uDE00 \uFFFD \uFFFD");
    }

    @Test
    void aBucketTheBackendDoesNotHaveIsNoSuchBucket() {
        buckets = bucket -> false;
        assertError(handle(signed(HttpMethod.GET, "")), 404, "NoSuchBucket", "the bucket &apos;my-bucket&apos; does not exist", "req-1");
        assertThat(handle(signed(HttpMethod.PUT, RULES)).status()).isEqualTo(404);
        assertThat(rules.docs).isEmpty();
    }

    @Test
    void signaturesAreCheckedBeforeTheBucketIsLookedUp() {
        buckets = bucket -> {
            throw new AssertionError("an unsigned request must not learn whether a bucket exists");
        };
        HttpRequestView unsigned = Ks3Requests.withoutHeader(signed(HttpMethod.GET, ""), "Authorization");
        assertError(handle(unsigned), 403, "AccessDenied", "missing Authorization header: Herald only accepts signed KS3 requests", "req-1");
    }

    @Test
    void aBadSignatureIsRefused() {
        HttpRequestView wrongSecret = sdkSigned(HttpMethod.PUT, BUCKET, RULES, SignerVersion.V2, SDK_ACCESS_KEY, "wrong", NOW);
        assertError(handle(wrongSecret), 403, "SignatureDoesNotMatch", "the request signature does not match the KSS signature "
                + "Herald calculated; check the secret key and the signing of method, Content-MD5, Content-Type, date, x-kss-* "
                + "headers and the resource /my-bucket/...", "req-1");
        assertThat(rules.docs).isEmpty();
    }

    @Test
    void aCredentialOnlyManagesItsBuckets() {
        HttpRequestView logsKey = sdkSigned(HttpMethod.GET, BUCKET, "", SignerVersion.V2, "logs-ak", "logs-sk", NOW);
        assertError(handle(logsKey), 403, "AccessDenied", "access key &apos;logs-ak&apos; may not manage bucket &apos;my-bucket&apos;", "req-1");
    }

    @Test
    void otherOperationsAreNotAllowed() {
        assertError(handle(signed(HttpMethod.POST, RULES)), 405, "MethodNotAllowed",
                "POST ?notification is not a KS3 operation Herald serves; it serves PUT, GET and DELETE ?notification", "req-1");
        assertThat(handle(signed(HttpMethod.HEAD, "")).status()).isEqualTo(405);
        HttpRequestView get = signed(HttpMethod.GET, "");
        HttpRequestView withoutQuery = new HttpRequestView("GET", get.rawPath(), null, get.headers(), get.body());
        HttpReply reply = handle(withoutQuery);
        // Without ?notification the V2 resource differs, so the SDK's signature no longer matches: refused either way.
        assertThat(reply.status()).isEqualTo(403);
    }

    @Test
    void anUnavailableStoreIsServiceUnavailable() {
        rules.failure = new StoreUnavailableException("disk full", null);
        assertError(handle(signed(HttpMethod.PUT, RULES)), 503, "ServiceUnavailable",
                "Herald cannot reach its store or the backend right now (disk full); retry later", "req-1");
        assertThat(handle(signed(HttpMethod.GET, "")).status()).isEqualTo(503);
        assertThat(handle(signed(HttpMethod.DELETE, "")).status()).isEqualTo(503);
    }

    @Test
    void anUnreachableBackendIsServiceUnavailable() {
        buckets = bucket -> {
            throw new StoreUnavailableException("backend down", null);
        };
        assertThat(handle(signed(HttpMethod.GET, "")).status()).isEqualTo(503);
    }

    @Test
    void anUnexpectedFailureIsAnInternalErrorWithoutInternals() {
        rules.failure = new IllegalStateException("SQLITE_CORRUPT at /var/lib/herald/herald.db");
        HttpReply reply = handle(signed(HttpMethod.GET, ""));
        assertError(reply, 500, "InternalError", "Herald could not answer this request; retry later, and quote request id req-1 "
                + "when reporting it", "req-1");
        assertThat(reply.bodyText()).doesNotContain("SQLITE").doesNotContain("/var/lib");
    }

    @Test
    void aRuleBodyOver64KibIsEntityTooLarge() {
        String big = "{\"Notifications\":[]," + "\"x\":\"" + "y".repeat(64 * 1024) + "\"}";
        assertError(handle(signed(HttpMethod.PUT, big)), 400, "EntityTooLarge", "the rules are " + big.length()
                + " bytes long; Herald accepts at most 65536 per PUT Bucket Notification", "req-1");
        assertThat(rules.docs).isEmpty();
    }
}
