package dev.herald.dialects.eventbus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.PushBatch;
import dev.herald.dialects.eventbus.CloudEventsRendering.Mode;
import dev.herald.dialects.eventbus.CloudEventsRendering.Rendered;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import static dev.herald.dialects.eventbus.BusTestData.fullEvent;
import static dev.herald.dialects.eventbus.BusTestData.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class CloudEventsRenderingTest {
    private static final String URL = "http://127.0.0.1:9999/hook";

    private static CloudEvent readStructured(byte[] body) {
        EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
        assertThat(format).isNotNull();
        return format.deserialize(body);
    }

    private static BusEvent minimal() {
        return new BusEvent("id-2", "App_DEMO", "1.0", "DEMO_EVENT", null, null, Instant.parse("2026-01-02T03:04:05Z"),
                null, null, null, null, "eb-orders", "orders", null, null, null, null, Instant.parse("2026-01-02T03:04:06Z"));
    }

    @Test
    void structuredModeReadsBackWithTheSdkWithEveryAttributeAndExtension() {
        Rendered r = CloudEventsRendering.render(fullEvent(), Mode.STRUCTURED);
        assertThat(r.contentType()).isEqualTo("application/cloudevents+json; charset=UTF-8");
        assertThat(r.headers()).isEmpty();

        CloudEvent ce = readStructured(r.body());
        assertThat(ce.getSpecVersion()).isEqualTo(SpecVersion.V1);
        assertThat(ce.getId()).isEqualTo("e-1");
        assertThat(ce.getSource()).isEqualTo(URI.create("BCE_BCC"));
        assertThat(ce.getType()).isEqualTo("EDAPMetaDataChangeStatus");
        assertThat(ce.getDataContentType()).isEqualTo("application/json");
        assertThat(ce.getDataSchema()).isNull();
        assertThat(ce.getSubject()).isEqualTo("i-xxxxx");
        assertThat(ce.getTime()).isEqualTo(OffsetDateTime.parse("2020-11-19T13:04:41Z"));
        assertThat(ce.getExtensionNames()).containsExactlyInAnyOrder("accountid", "eventbusid", "eventbusname", "region",
                "level", "resourcetype", "eventsourcealias", "eventalias", "eventaliasen", "recvtimestamp");
        assertThat(ce.getExtension("accountid")).isEqualTo("acc-1");
        assertThat(ce.getExtension("eventbusid")).isEqualTo("eb-xxxxxx");
        assertThat(ce.getExtension("eventbusname")).isEqualTo("cloud");
        assertThat(ce.getExtension("region")).isEqualTo("bj");
        assertThat(ce.getExtension("level")).isEqualTo("WARNING");
        assertThat(ce.getExtension("resourcetype")).isEqualTo("Instance");
        assertThat(ce.getExtension("eventsourcealias")).isEqualTo("云服务器");
        assertThat(ce.getExtension("eventalias")).isEqualTo("BCC event exception");
        assertThat(ce.getExtension("eventaliasen")).isEqualTo("EDAPMetaDataChangeStatus");
        assertThat(ce.getExtension("recvtimestamp")).isEqualTo("2020-11-19T13:04:42.500Z");
        assertThat(ce.getData()).isInstanceOf(JsonCloudEventData.class);
        assertThat(((JsonCloudEventData) ce.getData()).getNode()).isEqualTo(json("{\"k\":\"v\",\"n\":[1,2]}"));
    }

    @Test
    void structuredModeBodyIsTheJsonFormat() {
        byte[] body = CloudEventsRendering.render(fullEvent(), Mode.STRUCTURED).body();
        // The same event renders the same bytes (a resend's body is identical) ...
        assertThat(CloudEventsRendering.render(fullEvent(), Mode.STRUCTURED).body()).isEqualTo(body);
        assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("{\"specversion\":\"1.0\",\"id\":\"e-1\",");
        // ... and is this document (extension order is the SDK's: they come from a HashMap).
        assertThat(json(new String(body, StandardCharsets.UTF_8))).isEqualTo(json("{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"BCE_BCC\",\"type\":\"EDAPMetaDataChangeStatus\","
                        + "\"datacontenttype\":\"application/json\",\"subject\":\"i-xxxxx\",\"time\":\"2020-11-19T13:04:41Z\","
                        + "\"accountid\":\"acc-1\",\"eventbusid\":\"eb-xxxxxx\",\"eventbusname\":\"cloud\",\"region\":\"bj\","
                        + "\"level\":\"WARNING\",\"resourcetype\":\"Instance\",\"eventsourcealias\":\"云服务器\","
                        + "\"eventalias\":\"BCC event exception\",\"eventaliasen\":\"EDAPMetaDataChangeStatus\","
                        + "\"recvtimestamp\":\"2020-11-19T13:04:42.500Z\",\"data\":{\"k\":\"v\",\"n\":[1,2]}}"));
    }

    @Test
    void structuredModeWithoutDataOrOptionalAttributes() {
        CloudEvent ce = readStructured(CloudEventsRendering.render(minimal(), Mode.STRUCTURED).body());
        assertThat(ce.getData()).isNull();
        assertThat(ce.getSubject()).isNull();
        assertThat(ce.getDataContentType()).isEqualTo("application/json");
        assertThat(ce.getExtensionNames()).containsExactlyInAnyOrder("eventbusid", "eventbusname", "recvtimestamp");
    }

    @Test
    void structuredModeKeepsNonObjectData() {
        BusEvent e = BusTestData.event("s", "t", "\"just text\"");
        CloudEvent ce = readStructured(CloudEventsRendering.render(e, Mode.STRUCTURED).body());
        assertThat(((JsonCloudEventData) ce.getData()).getNode()).isEqualTo(json("\"just text\""));
    }

    @Test
    void binaryModeHeadersExactly() {
        Rendered r = CloudEventsRendering.render(fullEvent(), Mode.BINARY);
        assertThat(r.contentType()).isEqualTo("application/json");
        // Exactly these headers; their order is the SDK's (extensions come from a HashMap).
        assertThat(r.headers()).containsOnly(
                entry("ce-specversion", "1.0"),
                entry("ce-id", "e-1"),
                entry("ce-source", "BCE_BCC"),
                entry("ce-type", "EDAPMetaDataChangeStatus"),
                entry("ce-subject", "i-xxxxx"),
                entry("ce-time", "2020-11-19T13:04:41Z"),
                entry("ce-accountid", "acc-1"),
                entry("ce-eventbusid", "eb-xxxxxx"),
                entry("ce-eventbusname", "cloud"),
                entry("ce-region", "bj"),
                entry("ce-level", "WARNING"),
                entry("ce-resourcetype", "Instance"),
                entry("ce-eventsourcealias", "%E4%BA%91%E6%9C%8D%E5%8A%A1%E5%99%A8"),
                entry("ce-eventalias", "BCC%20event%20exception"),
                entry("ce-eventaliasen", "EDAPMetaDataChangeStatus"),
                entry("ce-recvtimestamp", "2020-11-19T13:04:42.500Z"));
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"k\":\"v\",\"n\":[1,2]}");
    }

    @Test
    void binaryModeWithoutDataOrSubject() {
        Rendered r = CloudEventsRendering.render(minimal(), Mode.BINARY);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.body()).isEmpty();
        assertThat(r.headers()).containsOnly(
                entry("ce-specversion", "1.0"),
                entry("ce-id", "id-2"),
                entry("ce-source", "App_DEMO"),
                entry("ce-type", "DEMO_EVENT"),
                entry("ce-time", "2026-01-02T03:04:05Z"),
                entry("ce-eventbusid", "eb-orders"),
                entry("ce-eventbusname", "orders"),
                entry("ce-recvtimestamp", "2026-01-02T03:04:06Z"));
    }

    @Test
    void binaryModeKeepsTheEventsContentTypeParameters() {
        BusEvent e = new BusEvent("i", "s", "1.0", "t", "application/json; charset=utf-8", "a key/with \"quotes\" 100%",
                Instant.EPOCH, json("[1]"), null, null, null, "eb-orders", "orders", null, null, null, null, Instant.EPOCH);
        Rendered r = CloudEventsRendering.render(e, Mode.BINARY);
        assertThat(r.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(r.headers()).containsEntry("ce-subject", "a%20key/with%20%22quotes%22%20100%25");
        assertThat(r.body()).isEqualTo("[1]".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void binaryModeFallsBackToStructuredWhenItsHeadersWouldBeTooLarge() {
        // An object key of 64 KiB as subject: no receiver takes such a header, and no retry would change that.
        String longKey = "k".repeat(64 * 1024);
        BusEvent e = new BusEvent("i", "s", "1.0", "t", null, longKey, Instant.EPOCH, json("[1]"), null, null, null,
                "eb-orders", "orders", null, null, null, null, Instant.EPOCH);
        Rendered r = CloudEventsRendering.render(e, Mode.BINARY);
        assertThat(r.contentType()).isEqualTo(CloudEventsRendering.STRUCTURED_CONTENT_TYPE);
        assertThat(r.headers()).isEmpty();
        assertThat(readStructured(r.body()).getSubject()).isEqualTo(longKey);

        // Just under the limit it stays binary.
        String fits = "k".repeat(CloudEventsRendering.MAX_BINARY_HEADER_BYTES - 400);
        BusEvent small = new BusEvent("i", "s", "1.0", "t", null, fits, Instant.EPOCH, json("[1]"), null, null, null,
                "eb-orders", "orders", null, null, null, null, Instant.EPOCH);
        assertThat(CloudEventsRendering.render(small, Mode.BINARY).headers()).containsEntry("ce-subject", fits);
    }

    @Test
    void headerPercentEncodingFollowsTheHttpBinding() {
        // The binding's own example, §3.1.3.2.
        assertThat(CloudEventsRendering.percentEncode("Euro \u20AC \uD83D\uDE00")).isEqualTo("Euro%20%E2%82%AC%20%F0%9F%98%80");
        assertThat(CloudEventsRendering.percentEncode("tab\there\u007F")).isEqualTo("tab%09here%7F");
        assertThat(CloudEventsRendering.percentEncode("!#$&'()*+,/:;<=>?@[\\]^_`{|}~")).isEqualTo("!#$&'()*+,/:;<=>?@[\\]^_`{|}~");
    }

    @Test
    void pushCarriesTheRenderedMessage() {
        OutboundPush structured = CloudEventsRendering.push(fullEvent(), "rule-a", 1, URL, Mode.STRUCTURED);
        assertThat(structured.dialect()).isEqualTo("eventbus");
        assertThat(structured.bucket()).isEqualTo("eb-xxxxxx");
        assertThat(structured.ruleId()).isEqualTo("rule-a");
        assertThat(structured.targetUrl()).isEqualTo(URL);
        assertThat(structured.method()).isEqualTo("POST");
        assertThat(structured.contentType()).isEqualTo("application/cloudevents+json; charset=UTF-8");
        assertThat(structured.body()).isEqualTo(CloudEventsRendering.render(fullEvent(), Mode.STRUCTURED).body());
        assertThat(structured.headers()).isEmpty();
        assertThat(structured.signingKey()).isNull();
        assertThat(structured.eventId()).isEqualTo("e-1");

        OutboundPush binary = CloudEventsRendering.push(fullEvent(), "rule-a", 1, URL, Mode.BINARY);
        assertThat(binary.contentType()).isEqualTo("application/json");
        assertThat(binary.headers()).isEqualTo(CloudEventsRendering.render(fullEvent(), Mode.BINARY).headers());
        assertThat(binary.headers().keySet()).first().isEqualTo("ce-specversion");
        assertThat(binary.body()).isEqualTo("{\"k\":\"v\",\"n\":[1,2]}".getBytes(StandardCharsets.UTF_8));
        assertThat(binary.deliveryId()).isEqualTo(structured.deliveryId());
    }

    @Test
    void deliveryIdsAreStableNameBasedUuids() {
        String expected = UUID.nameUUIDFromBytes("eventbus|eb-xxxxxx|BCE_BCC|e-1|rule-a|1|http://127.0.0.1:9999/hook"
                .getBytes(StandardCharsets.UTF_8)).toString();
        assertThat(CloudEventsRendering.deliveryId(fullEvent(), "rule-a", 1, URL)).isEqualTo(expected);
        assertThat(CloudEventsRendering.push(fullEvent(), "rule-a", 1, URL, Mode.BINARY).deliveryId()).isEqualTo(expected);
        // Stable across everything but bus, source, id, rule, target and URL: a resend with a later receive time keeps it.
        BusEvent resent = BusEvent.fromJson(fullEvent().toJson().put("recvTimestamp", "2030-01-01T00:00:00Z"));
        assertThat(CloudEventsRendering.deliveryId(resent, "rule-a", 1, URL)).isEqualTo(expected);
        assertThat(Map.of(
                "rule", CloudEventsRendering.deliveryId(fullEvent(), "rule-b", 1, URL),
                "target", CloudEventsRendering.deliveryId(fullEvent(), "rule-a", 2, URL),
                "url", CloudEventsRendering.deliveryId(fullEvent(), "rule-a", 1, URL + "2"),
                "bus", CloudEventsRendering.deliveryId(BusEvent.fromJson(fullEvent().toJson().put("eventBusId", "eb-2")), "rule-a", 1, URL),
                "source", CloudEventsRendering.deliveryId(BusEvent.fromJson(fullEvent().toJson().put("source", "X")), "rule-a", 1, URL),
                "id", CloudEventsRendering.deliveryId(BusEvent.fromJson(fullEvent().toJson().put("id", "e-2")), "rule-a", 1, URL)))
                .allSatisfy((what, id) -> assertThat(id).as(what).isNotEqualTo(expected));
    }

    @Test
    void modesParseFromConfigText() {
        assertThat(Mode.parse("structured")).isEqualTo(Mode.STRUCTURED);
        assertThat(Mode.parse("BINARY")).isEqualTo(Mode.BINARY);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Mode.parse("batch"))
                .hasMessage("'batch' is not a CloudEvents mode; use structured or binary");
    }

    @Test
    void renderingDoesNotChangeTheEventsData() {
        BusEvent e = fullEvent();
        JsonNode before = e.data();
        CloudEventsRendering.render(e, Mode.STRUCTURED);
        CloudEventsRendering.render(e, Mode.BINARY);
        assertThat(e.data()).isEqualTo(before);
    }

    // --- batched pushes ---

    @Test
    void structuredEventsBatchAsACloudEventsJsonArray() {
        EventBusDialect dialect = new EventBusDialect();
        OutboundPush a = CloudEventsRendering.push(fullEvent(), "rule-a", 1, URL, Mode.STRUCTURED);
        OutboundPush b = CloudEventsRendering.push(BusTestData.event("orders", "order.created", "{\"n\":2}"), "rule-a", 1, URL,
                Mode.STRUCTURED);
        assertThat(dialect.batching().batchable(a)).isTrue();
        assertThat(dialect.batching().batchable(CloudEventsRendering.push(fullEvent(), "rule-a", 1, URL, Mode.BINARY))).isFalse();

        OutboundPush batch = dialect.batching().batch(PushBatch.of(List.of(a, b)));

        assertThat(batch.contentType()).isEqualTo("application/cloudevents-batch+json; charset=UTF-8");
        assertThat(new String(batch.body(), StandardCharsets.UTF_8)).isEqualTo(BusTestData.resource("push-batch.json").strip());
        EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
        JsonNode array = json(new String(batch.body(), StandardCharsets.UTF_8));
        assertThat(array).hasSize(2);
        CloudEvent second = format.deserialize(array.get(1).toString().getBytes(StandardCharsets.UTF_8));
        assertThat(second.getType()).isEqualTo("order.created");
        assertThat(second.getSource()).hasToString("orders");
    }
}
