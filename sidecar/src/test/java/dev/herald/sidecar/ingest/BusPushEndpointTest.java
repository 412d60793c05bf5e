package dev.herald.sidecar.ingest;

import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.SignatureLimits;
import dev.herald.dialects.StoreUnavailableException;
import dev.herald.dialects.StrictJson;
import dev.herald.dialects.bos.BceAuthV1;
import dev.herald.dialects.eventbus.Bus;
import dev.herald.dialects.eventbus.BusEvent;
import dev.herald.sidecar.metrics.HeraldMetrics;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The bus push's answer matches what was committed: 2xx once stored, whatever fails after. */
class BusPushEndpointTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final List<BusEvent> stored = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final HeraldMetrics metrics = new HeraldMetrics();

    private BusPushEndpoint endpoint(dev.herald.dialects.eventbus.BusEventSink sink) {
        return new BusPushEndpoint(CLOCK, ak -> ak.equals("ak") ? Optional.of(new Credential("ak", "sk", List.of("*")))
                : Optional.empty(), SignatureLimits.DEFAULT, id -> Optional.of(new Bus(id, id)), () -> "req-" + ids.incrementAndGet(), sink,
                metrics);
    }

    @Test
    void dataTooDeepIsRefused400BeforeAnythingIsStoredEvenInABatch() {
        HttpReply reply = endpoint(stored::addAll).answer(signed(body(event("good", "{\"a\":1}") + "," + event("deep",
                nested(StrictJson.MAX_DEPTH + 1)))), System.nanoTime());
        assertThat(reply.status()).as(reply.bodyText()).isEqualTo(400);
        assertThat(stored).as("nothing of the batch").isEmpty();
        assertThat(reply.headers()).containsEntry("x-bce-request-id", "req-1");
    }

    @Test
    void dataAsDeepAsAllowedIsStoredAndEchoed200() {
        HttpReply reply = endpoint(stored::addAll).answer(signed(body(event("deep", nested(StrictJson.MAX_DEPTH - 4)))),
                System.nanoTime());
        assertThat(reply.status()).as(reply.bodyText()).isEqualTo(200);
        assertThat(stored).extracting(BusEvent::id).containsExactly("deep");
        assertThat(reply.bodyText()).contains("\"id\":\"deep\"");
    }

    @Test
    void aShallowEventIsEchoedInFull() {
        HttpReply reply = endpoint(stored::addAll).answer(signed(body(event("e1", "{\"level\":\"error\"}"))), System.nanoTime());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.bodyText()).contains("\"level\":\"error\"");
    }

    @Test
    void aStoreThatFailsIsStill503NothingCommitted() {
        HttpReply reply = endpoint(events -> {
            throw new StoreUnavailableException("disk full", null);
        }).answer(signed(body(event("e1", "{}"))), System.nanoTime());
        assertThat(reply.status()).isEqualTo(503);
    }

    @Test
    void aFailureBeforeCommitIsStill500() {
        HttpReply reply = endpoint(events -> {
            throw new IllegalStateException("routing broke");
        }).answer(signed(body(event("e1", "{}"))), System.nanoTime());
        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.bodyText()).contains("req-1");
    }

    /** Data as a string holding JSON nested {@code depth} deep: read apart from the body, so it may be as deep as a body. */
    private static String nested(int depth) {
        return "\"" + "{\\\"a\\\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1) + "\"";
    }

    private static String event(String id, String data) {
        return "{\"id\":\"" + id + "\",\"source\":\"App_DEMO\",\"type\":\"DEMO\",\"data\":" + data + "}";
    }

    private static String body(String events) {
        return "{\"eventBusId\":\"eb-demo\",\"eventList\":[" + events + "]}";
    }

    private static HttpRequestView signed(String body) {
        HttpRequestView unsigned = HttpRequestView.of("POST", "/v1/event-bus/recv", null, Map.of("Host", "127.0.0.1:9100",
                "Content-Type", "application/json"), body);
        return unsigned.withHeader("Authorization", BceAuthV1.sign(unsigned, "ak", "sk", NOW, 1800, List.of()));
    }
}
