package dev.herald.sidecar.delivery;

import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.bos.BosDialect;
import dev.herald.dialects.bos.BosPushVerifier;
import dev.herald.sidecar.storage.Delivery;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.herald.sidecar.delivery.ScriptedTransport.status;
import static org.assertj.core.api.Assertions.assertThat;

/** The signers, in order: the dialect's signature, Herald's id headers, Standard Webhooks; each attempt signed anew. */
class SignersTest {
    private static final String URL = "http://hooks.test:8080/bos?token=t";

    @Test
    void everyAttemptCarriesTheDialectSignatureAndHeraldsHeadersSignedAtItsOwnTime() {
        DeliveryRig rig = new DeliveryRig("""
                retrySchedule: [0s, 90s]
                destinations: [ { url: "http://hooks.test:8080/", standardWebhooks: { secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"] } } ]""");
        int[] calls = {0};
        rig.transport.answer(r -> ++calls[0] == 1 ? status(500) : status(200));
        byte[] body = "{\"events\":[]}".getBytes(StandardCharsets.UTF_8);
        OutboundPush push = new OutboundPush("bos-1", BosDialect.ID, "b", "rule-1", URL, "POST",
                "application/json; charset=utf-8", body, "the-rule-key", "vendor-event");
        rig.submit(Delivery.fresh("event-1", push, "b/k", DeliveryRig.START.toEpochMilli()));
        rig.advance(Duration.ofSeconds(91), Duration.ofSeconds(1));

        assertThat(rig.transport.sent).hasSize(2);
        for (int i = 0; i < 2; i++) {
            ScriptedTransport.Sent sent = rig.transport.sent.get(i);
            assertThat(sent.header("X-Herald-Delivery-Id")).isEqualTo("bos-1");
            assertThat(sent.header("X-Herald-Attempt")).isEqualTo(Integer.toString(i + 1));
            assertThat(sent.header("webhook-id")).isEqualTo("bos-1");
            assertThat(sent.header("webhook-timestamp")).isEqualTo(Long.toString(sent.at() / 1000));
            assertThat(sent.header("webhook-signature")).startsWith("v1,");
            assertThat(sent.header("Authorization")).startsWith("bce-auth-v1/rule-1/");
            assertThat(BosPushVerifier.verify(asReceived(sent), "the-rule-key", rig.clock)).as("attempt %d verifies", i + 1).isTrue();
        }
        assertThat(rig.transport.sent.get(0).header("x-bce-date")).isNotEqualTo(rig.transport.sent.get(1).header("x-bce-date"));
        assertThat(List.copyOf(rig.transport.sent.get(0).request().headers().keySet()))
                .as("the dialect's headers first, then Herald's, then Standard Webhooks")
                .containsSubsequence("Authorization", "X-Herald-Delivery-Id", "webhook-signature");
        assertThat(rig.transport.sent.get(0).header("X-Herald-Reconciled")).as("not a reconciled event").isNull();
    }

    @Test
    void theDeliveriesOfAReconciledEventSaySo() {
        DeliveryRig rig = new DeliveryRig("retrySchedule: [0s]");
        rig.transport.answer(r -> status(200));
        OutboundPush push = new OutboundPush("bos-2", BosDialect.ID, "b", "rule-1", URL, "POST", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8), null, "vendor-event");
        rig.submit(Delivery.fresh(ObjectEvent.RECONCILE_ID_PREFIX + "found", push, "b/k", DeliveryRig.START.toEpochMilli()));
        rig.advance(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(rig.transport.sent).singleElement()
                .satisfies(sent -> assertThat(sent.header("X-Herald-Reconciled")).isEqualTo("true"));
    }

    /** The request as a receiver's server sees it: the headers the transport sets, and Host from the URL. */
    private static HttpRequestView asReceived(ScriptedTransport.Sent sent) {
        PushRequest r = sent.request();
        URI uri = URI.create(r.url());
        Map<String, List<String>> headers = r.headers().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
        headers = new java.util.LinkedHashMap<>(headers);
        headers.put("Host", List.of(uri.getHost() + ":" + uri.getPort()));
        headers.put("Content-Length", List.of(Integer.toString(r.body().length)));
        return new HttpRequestView(r.method(), uri.getRawPath(), uri.getRawQuery(), headers, r.body());
    }
}
