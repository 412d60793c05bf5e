package dev.herald.dialects.bos;

import dev.herald.dialects.CompiledRules;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.PushBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class BosDialectTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String STORED = """
            {"notifications":[
             {"id":"n1","appId":"a","status":"enabled","resources":["/images/"],"events":["PutObject"],
              "apps":[{"id":"a0","eventUrl":"http://127.0.0.1:9999/bos","xVars":"{\\"k\\":\\"v\\"}","deliveryUrl":"http://127.0.0.1:9999/bos"},
                      {"eventUrl":"app:ImageOcr","deliveryUrl":"https://ocr.example.com/bos"}],
              "encryption":{"key":"0123456789abcdef0123456789abcdef"}},
             {"id":"off","appId":"a","status":"disabled","resources":["/"],"events":["ObjectCreateGroup:*","DeleteObject"],
              "apps":[{"eventUrl":"http://off.example.com/","deliveryUrl":"http://off.example.com/"}]},
             {"id":"jpg","appId":"a","status":"enabled","resources":["test-bucket/*.jpg"],"events":["ObjectCreateGroup:*"],
              "apps":[{"eventUrl":"http://jpg.example.com/","deliveryUrl":"http://jpg.example.com/"}]},
             {"id":"docs","appId":"a","status":"enabled","resources":["/docs/"],"events":["DeleteObject"],
              "apps":[{"eventUrl":"http://docs.example.com/","deliveryUrl":"http://docs.example.com/"}]}]}""";

    private final BosDialect dialect = new BosDialect(new BosSettings("bj.bcebos.com", Map.of(), null));
    private final CompiledRules rules = dialect.compile("test-bucket", STORED);

    @Test
    void routesAnEventToEveryAppOfEveryMatchingEnabledRuleInOrder() {
        ObjectEvent put = TestEvents.minioPut();
        List<OutboundPush> pushes = rules.match(put).render(put);

        assertThat(pushes).extracting(OutboundPush::ruleId, OutboundPush::targetUrl, OutboundPush::signingKey)
                .containsExactly(
                        tuple("n1", "http://127.0.0.1:9999/bos", KEY),
                        tuple("n1", "https://ocr.example.com/bos", KEY),
                        tuple("jpg", "http://jpg.example.com/", null));
        OutboundPush first = pushes.getFirst();
        assertThat(first.deliveryId()).isEqualTo("6761df92-94df-3f28-a120-29dabefde5b7");
        assertThat(first.dialect()).isEqualTo("bos");
        assertThat(first.bucket()).isEqualTo("test-bucket");
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(first.eventId()).isEqualTo("158fb70a-a243-3af1-a5bb-52a3c5ef4a27");
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo(TestRequests.resource("push-minio-put.json").strip());
        assertThat(new String(pushes.get(1).body(), StandardCharsets.UTF_8)).doesNotContain("xVars");
        assertThat(new String(pushes.get(2).body(), StandardCharsets.UTF_8)).contains("\"configurationId\":\"jpg\"");
    }

    @Test
    void routingIsRepeatable() {
        assertThat(rules.match(TestEvents.minioPut()).render(TestEvents.minioPut())).usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(rules.match(TestEvents.minioPut()).render(TestEvents.minioPut()));
    }

    @Test
    void aGroupSubscriptionSeesTheConcreteType() {
        ObjectEvent copy = TestEvents.withName(TestEvents.withKey(TestEvents.minioPut(), "x/y.jpg"), "ObjectCreated:Copy");
        assertThat(rules.match(copy).render(copy)).singleElement().satisfies(p -> {
            assertThat(p.ruleId()).isEqualTo("jpg");
            assertThat(new String(p.body(), StandardCharsets.UTF_8)).contains("\"eventType\":\"CopyObject\"");
        });
    }

    @Test
    void deletesMatchOnlyDeleteRulesOnTheirResources() {
        ObjectEvent delete = TestEvents.withName(TestEvents.withKey(TestEvents.minioPut(), "docs/readme.txt"), "ObjectRemoved:Delete");
        assertThat(rules.match(delete).render(delete)).extracting(OutboundPush::ruleId).containsExactly("docs");
        assertThat(rules.match(TestEvents.withKey(delete, "images/readme.txt")).render(TestEvents.withKey(delete, "images/readme.txt"))).isEmpty();
    }

    @Test
    void eventsWithoutABosTypeOrOfAnotherBucketRouteNowhere() {
        assertThat(rules.match(TestEvents.withName(TestEvents.minioPut(), "ObjectAccessed:Get")).render(TestEvents.withName(TestEvents.minioPut(), "ObjectAccessed:Get"))).isEmpty();
        assertThat(dialect.compile("other-bucket", STORED.replace("test-bucket/", "/")).match(TestEvents.minioPut()).render(TestEvents.minioPut())).isEmpty();
    }

    @Test
    void anEmptyRuleSetRoutesNowhere() {
        assertThat(dialect.compile("test-bucket", "{\"notifications\":[]}").match(TestEvents.minioPut()).render(TestEvents.minioPut())).isEmpty();
    }

    @Test
    void anUnsignedPushOnlyGetsItsContentType() {
        OutboundPush unsigned = rules.match(TestEvents.minioPut()).render(TestEvents.minioPut()).get(2);
        assertThat(dialect.pushHeaders(unsigned, Instant.parse("2026-11-22T13:50:00Z")))
                .containsExactly(Map.entry("Content-Type", "application/json; charset=utf-8"));
    }

    /** Expected signature computed independently (Python hmac) over the canonical request of this push. */
    @Test
    void aSignedPushCarriesTheDateAndAnAuthorizationByRuleId() {
        OutboundPush push = signedPush("http://127.0.0.1:9999/bos?src=herald");
        Map<String, String> headers = dialect.pushHeaders(push, Instant.parse("2026-11-22T13:50:00Z"));

        assertThat(push.body()).hasSize(468);
        assertThat(headers).containsExactly(
                Map.entry("Content-Type", "application/json; charset=utf-8"),
                Map.entry("x-bce-date", "2026-11-22T13:50:00Z"),
                Map.entry("Authorization", "bce-auth-v1/n1/2026-11-22T13:50:00Z/1800/content-length;host;x-bce-date/"
                        + "8291a20d47928b21fcf7e18e50752a4f6728f58b83ad16b67d2d5c7f457b0519"));
    }

    @Test
    void theReceiverVerifiesASignedPush() {
        Instant sentAt = Instant.parse("2026-11-22T13:50:00Z");
        OutboundPush push = signedPush("http://127.0.0.1:9999/bos?src=herald");
        HttpRequestView received = received(push, dialect.pushHeaders(push, sentAt), "127.0.0.1:9999", push.body().length);
        Clock receiverClock = Clock.fixed(sentAt.plusSeconds(5), ZoneOffset.UTC);

        assertThat(BosPushVerifier.verify(received, KEY, receiverClock)).isTrue();
        assertThat(BosPushVerifier.verify(received, "another-key", receiverClock)).isFalse();
        assertThat(BosPushVerifier.verify(received(push, dialect.pushHeaders(push, sentAt), "127.0.0.1:9999",
                push.body().length + 1), KEY, receiverClock)).as("modified body length").isFalse();
        assertThat(BosPushVerifier.verify(received, KEY, Clock.fixed(sentAt.plusSeconds(1801), ZoneOffset.UTC)))
                .as("expired").isFalse();
        assertThat(BosPushVerifier.verify(TestRequests.withoutHeader(received, "Authorization"), KEY, receiverClock))
                .as("unsigned").isFalse();
    }

    @Test
    void theReceiverLearnsWhyAPushIsNotValid() {
        Instant sentAt = Instant.parse("2026-11-22T13:50:00Z");
        OutboundPush push = signedPush("http://127.0.0.1:9999/bos?src=herald");
        HttpRequestView received = received(push, dialect.pushHeaders(push, sentAt), "127.0.0.1:9999", push.body().length);
        Clock receiverClock = Clock.fixed(sentAt.plusSeconds(5), ZoneOffset.UTC);

        assertThat(BosPushVerifier.problem(received, KEY, receiverClock)).isEmpty();
        assertThat(BosPushVerifier.problem(received, "another-key", receiverClock)).hasValueSatisfying(
                why -> assertThat(why).startsWith("SignatureDoesNotMatch: the request signature does not match"));
        assertThat(BosPushVerifier.problem(received, KEY, Clock.fixed(sentAt.plusSeconds(1801), ZoneOffset.UTC)))
                .hasValue("RequestExpired: the request signed at 2026-11-22T13:50:00Z expired at 2026-11-22T14:20:00Z; "
                        + "Herald's time is 2026-11-22T14:20:01Z");
        assertThat(BosPushVerifier.problem(TestRequests.withoutHeader(received, "Authorization"), KEY, receiverClock))
                .hasValue("AccessDenied: missing Authorization header");
    }

    @ParameterizedTest
    @CsvSource({
            "http://h.example/x, h.example",
            "http://h.example:80/x, h.example",
            "https://h.example:443/x, h.example",
            "https://h.example:80/x, h.example:80",
            "http://h.example:8443/x, h.example:8443",
            "http://[::1]:8080/x, [::1]:8080"})
    void theSignedHostHasThePortOnlyWhenItIsNotTheDefault(String url, String host) {
        assertThat(BosDialect.hostHeader(URI.create(url))).isEqualTo(host);
    }

    @Test
    void onlyA200IsASuccess() {
        assertThat(dialect.isSuccess(200)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 202, 204, 301, 400, 429, 500, 503})
    void everythingElseIsRetried(int status) {
        assertThat(dialect.isSuccess(status)).isFalse();
    }

    private static OutboundPush signedPush(String url) {
        byte[] body = TestRequests.resource("push-minio-put.json").strip().getBytes(StandardCharsets.UTF_8);
        return new OutboundPush("d1", "bos", "test-bucket", "n1", url, "POST", "application/json; charset=utf-8", body, KEY, "e1");
    }

    /** The push as an HTTP server receives it: the client adds Host and Content-Length. */
    private static HttpRequestView received(OutboundPush push, Map<String, String> pushHeaders, String host, int contentLength) {
        URI target = URI.create(push.targetUrl());
        Map<String, String> headers = new LinkedHashMap<>(pushHeaders);
        headers.put("Host", host);
        headers.put("Content-Length", Integer.toString(contentLength));
        headers.put("User-Agent", "Herald/test"); // not signed: any value, no version to keep in step
        return TestRequests.request(push.method(), target.getRawPath(), target.getRawQuery(), headers,
                new String(push.body(), StandardCharsets.UTF_8));
    }

    // --- batched pushes ---

    @Test
    void aBatchIsOneEventsListSignedOnceAndVerifiedByTheReceiver() {
        OutboundPush a = rules.match(TestEvents.minioPut()).render(TestEvents.minioPut()).getFirst();
        ObjectEvent second = TestEvents.withKey(TestEvents.minioPut(), "images/b.jpg");
        OutboundPush b = rules.match(second).render(second).getFirst();
        assertThat(dialect.batching().batchable(a)).isTrue();

        OutboundPush batch = dialect.batching().batch(PushBatch.of(List.of(a, b)));

        assertThat(new String(batch.body(), StandardCharsets.UTF_8)).isEqualTo(TestRequests.resource("push-batch.json").strip());
        assertThat(batch.deliveryId()).isEqualTo(PushBatch.of(List.of(a, b)).id()).isNotEqualTo(PushBatch.of(List.of(a)).id());
        assertThat(batch).extracting(OutboundPush::targetUrl, OutboundPush::method, OutboundPush::contentType,
                OutboundPush::ruleId, OutboundPush::signingKey)
                .containsExactly(a.targetUrl(), "POST", "application/json; charset=utf-8", "n1", KEY);
        Instant sentAt = Instant.parse("2026-11-22T13:50:00Z");
        HttpRequestView received = received(batch, dialect.pushHeaders(batch, sentAt), "127.0.0.1:9999", batch.body().length);
        assertThat(BosPushVerifier.verify(received, KEY, Clock.fixed(sentAt.plusSeconds(5), ZoneOffset.UTC))).isTrue();
    }

    @Test
    void pushesOfAnotherRuleOrKeyDoNotShareABatch() {
        OutboundPush a = rules.match(TestEvents.minioPut()).render(TestEvents.minioPut()).getFirst();
        OutboundPush otherKey = new OutboundPush("d2", a.dialect(), a.bucket(), a.ruleId(), a.targetUrl(), a.method(),
                a.contentType(), a.body(), "another-key", a.eventId());
        OutboundPush otherRule = new OutboundPush("d3", a.dialect(), a.bucket(), "n2", a.targetUrl(), a.method(),
                a.contentType(), a.body(), a.signingKey(), a.eventId());
        assertThat(PushBatch.compatible(a, otherKey)).isFalse();
        assertThat(PushBatch.compatible(a, otherRule)).isFalse();
        assertThatThrownBy(() -> PushBatch.of(List.of(a, otherRule))).isInstanceOf(IllegalArgumentException.class);
    }
}
