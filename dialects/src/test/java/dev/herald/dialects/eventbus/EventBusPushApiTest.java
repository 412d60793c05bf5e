package dev.herald.dialects.eventbus;

import dev.herald.dialects.SignatureLimits;
import dev.herald.dialects.Credential;
import dev.herald.dialects.CredentialLookup;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.IngestRefusal;
import dev.herald.dialects.StoreUnavailableException;
import dev.herald.dialects.bos.BceAuthV1;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.dialects.eventbus.BusTestData.ACCESS_KEY;
import static dev.herald.dialects.eventbus.BusTestData.DIRECTORY;
import static dev.herald.dialects.eventbus.BusTestData.NOW;
import static dev.herald.dialects.eventbus.BusTestData.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

class EventBusPushApiTest {
    private static final String PY_SAMPLE_BODY = "{\"events\": [{\"source\": \"App_DEMO\", \"type\": \"DEMO_EVENT\", "
            + "\"eventbusid\": \"eb-xxxxxxxx\", \"data\": {\"info\": \"info\"}}]}";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final CredentialLookup credentials = ak -> Optional.ofNullable(Map.of(
            ACCESS_KEY, new Credential(ACCESS_KEY, SECRET_KEY, List.of("some-bucket"))).get(ak));
    private final AtomicInteger ids = new AtomicInteger();
    private final List<List<BusEvent>> stored = new ArrayList<>();
    private final EventBusPushApi api = new EventBusPushApi(SignatureLimits.DEFAULT);

    private HttpReply handle(HttpRequestView request) {
        return answer(request).reply();
    }

    private EventBusPushApi.Answer answer(HttpRequestView request) {
        return api.handle(request, clock, credentials, DIRECTORY, () -> "id-" + ids.incrementAndGet(), stored::add);
    }

    /** Unsigned, with the headers py-bce's recv_event_bus_event sends. */
    private static HttpRequestView unsigned(String method, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "bcm.bj.baidubce.com");
        headers.put("Content-Type", "application/json;charset=UTF-8");
        headers.put("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        headers.put("x-bce-request-id", "4c3c0a8e-4a4e-4c1f-9d0e-5a9b1e0f2c11");
        headers.put("x-bce-date", "2026-11-22T13:48:57Z");
        return HttpRequestView.of(method, "/v1/event-bus/recv", null, headers, body);
    }

    private static HttpRequestView signed(String method, String body, String secretKey) {
        HttpRequestView request = unsigned(method, body);
        return request.withHeader("Authorization", BceAuthV1.sign(request, ACCESS_KEY, secretKey, NOW, 1800, List.of()));
    }

    private static HttpRequestView signed(String body) {
        return signed("POST", body, SECRET_KEY);
    }

    private void assertError(HttpReply reply, int status, String code, String message) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.headers()).containsEntry("x-bce-request-id", "id-1")
                .containsEntry("Content-Type", "application/json; charset=utf-8");
        assertThat(reply.bodyText()).isEqualTo(EventBusJson.MAPPER.createObjectNode()
                .put("code", code).put("message", message).put("requestId", "id-1").toString());
        assertThat(stored).isEmpty();
    }

    @Test
    void aSignedPushIsStoredAndEchoed() {
        HttpReply reply = handle(signed(PY_SAMPLE_BODY));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "x-bce-request-id", "id-1", "Content-Type", "application/json; charset=utf-8"));
        assertThat(reply.bodyText()).isEqualTo("{\"events\":[{\"data\":{\"info\":\"info\"},\"id\":\"id-2\","
                + "\"source\":\"App_DEMO\",\"specversion\":\"1.0\",\"type\":\"DEMO_EVENT\",\"datacontenttype\":\"application/json\","
                + "\"time\":\"2026-11-22T13:48:57Z\",\"accountId\":\"AKBUSTEST0000000\",\"eventBusId\":\"eb-xxxxxxxx\","
                + "\"eventBusName\":\"py-sample\",\"recvTimestamp\":\"2026-11-22T13:48:57Z\"}]}");
        assertThat(stored).hasSize(1);
        assertThat(stored.getFirst()).extracting(BusEvent::toJsonString)
                .containsExactly(BusTestData.json(reply.bodyText()).get("events").get(0).toString());
    }

    @Test
    void theDocumentationsExampleIsAccepted() {
        HttpReply reply = handle(signed(BusTestData.resource("s004-request-example.json")));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(stored.getFirst()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("45ef4dewdwe1-7c35-447a-bd93-fab****");
            assertThat(e.eventBusId()).isEqualTo("eb-xxxxxx");
        });
    }

    @Test
    void allEventsOfARequestGoToTheSinkAtOnce() {
        HttpReply reply = handle(signed("{\"eventBusId\":\"eb-orders\",\"eventList\":[{\"source\":\"a\",\"type\":\"t\"},"
                + "{\"source\":\"b\",\"type\":\"t\"}]}"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(stored).hasSize(1);
        assertThat(stored.getFirst()).extracting(BusEvent::source).containsExactly("a", "b");
        assertThat(BusTestData.json(reply.bodyText()).get("events")).hasSize(2);
    }

    @Test
    void anUnsignedRequestIsAccessDenied() {
        assertError(handle(unsigned("POST", PY_SAMPLE_BODY)), 403, "AccessDenied", "missing Authorization header");
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatch() {
        assertError(handle(signed("POST", PY_SAMPLE_BODY, "wrong-secret")), 400, "SignatureDoesNotMatch",
                "the request signature does not match the signature Herald calculated; check the secret key and the "
                        + "bce-auth-v1 signing of method, path, query and headers");
    }

    @Test
    void aBodyChangedAfterSigningFailsOnContentLength() {
        HttpRequestView request = signed(PY_SAMPLE_BODY);
        String other = PY_SAMPLE_BODY.replace("info\"}", "infos\"}");
        HttpRequestView tampered = new HttpRequestView("POST", request.rawPath(), null, request.headers(),
                other.getBytes(StandardCharsets.UTF_8)).withHeader("Content-Length", Integer.toString(other.length()));
        assertThat(handle(tampered).status()).isEqualTo(400);
        assertThat(stored).isEmpty();
    }

    @Test
    void anUnknownAccessKeyIsRefused() {
        HttpRequestView request = unsigned("POST", PY_SAMPLE_BODY);
        request = request.withHeader("Authorization", BceAuthV1.sign(request, "AKOTHER", SECRET_KEY, NOW, 1800, List.of()));
        assertError(handle(request), 403, "InvalidAccessKeyId", "the access key 'AKOTHER' is not known to Herald");
    }

    @Test
    void onlyPost() {
        assertError(handle(signed("GET", "", SECRET_KEY)), 405, "MethodNotAllowed",
                "GET is not an event bus operation; push events with POST");
        ids.set(0);
        assertError(handle(signed("PUT", PY_SAMPLE_BODY, SECRET_KEY)), 405, "MethodNotAllowed",
                "PUT is not an event bus operation; push events with POST");
    }

    @Test
    void aBadEventIs400AndNothingIsStored() {
        assertError(handle(signed("{\"eventBusId\":\"eb-orders\",\"eventList\":[{\"source\":\"a\",\"type\":\"t\"},"
                + "{\"type\":\"t\"}]}")), 400, "InvalidArgument", "eventList[1].source is missing");
    }

    @Test
    void malformedAndInappropriateJson() {
        HttpReply malformed = handle(signed("{\"events\": ["));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(BusTestData.json(malformed.bodyText()).get("code").textValue()).isEqualTo("MalformedJSON");
        assertThat(stored).isEmpty();
        ids.set(0);
        assertError(handle(signed("{\"events\":{}}")), 400, "InappropriateJSON", "events must be an array of events");
    }

    @Test
    void aStoreFailureIs503() {
        EventBusPushApi.Answer answer = api.handle(signed(PY_SAMPLE_BODY), clock, credentials, DIRECTORY, () -> "id-" + ids.incrementAndGet(),
                events -> {
                    throw new StoreUnavailableException("disk full", null);
                });
        assertThat(answer.refusal()).isEqualTo(IngestRefusal.STORE);
        assertError(answer.reply(), 503, "ServiceUnavailable", "Herald could not store the events; retry later");
    }

    @Test
    void anUnexpectedFailureIs500WithoutDetails() {
        EventBusPushApi.Answer answer = api.handle(signed(PY_SAMPLE_BODY), clock, credentials, DIRECTORY, () -> "id-" + ids.incrementAndGet(),
                events -> {
                    throw new IllegalStateException("secret internals");
                });
        HttpReply reply = answer.reply();
        assertThat(answer.refusal()).isEqualTo(IngestRefusal.INTERNAL);
        assertThat(answer.failure()).hasMessage("secret internals");
        assertError(reply, 500, "InternalError",
                "Herald failed to handle the request; retry later, or report request id id-1 if it persists");
        assertThat(reply.bodyText()).doesNotContain("secret internals");
    }

    @Test
    void anExpiredSignatureIsRefused() {
        HttpRequestView request = unsigned("POST", PY_SAMPLE_BODY);
        request = request.withHeader("Authorization",
                BceAuthV1.sign(request, ACCESS_KEY, SECRET_KEY, NOW.minusSeconds(3600), 1800, List.of()));
        HttpReply reply = handle(request);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(BusTestData.json(reply.bodyText()).get("code").textValue()).isEqualTo("RequestExpired");
    }

    @Test
    void eachRefusalSaysWhy() {
        assertThat(answer(signed(PY_SAMPLE_BODY)).refusal()).as("accepted").isNull();
        assertThat(answer(unsigned("POST", PY_SAMPLE_BODY)).refusal()).isEqualTo(IngestRefusal.AUTH);
        assertThat(answer(signed("POST", PY_SAMPLE_BODY, "wrong-secret")).refusal()).isEqualTo(IngestRefusal.AUTH);
        assertThat(answer(signed("{\"events\": [")).refusal()).isEqualTo(IngestRefusal.UNDECODABLE);
        assertThat(answer(signed("GET", "", SECRET_KEY)).refusal()).as("not a push at all").isNull();
    }
}
