package dev.herald.dialects.eventbus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.herald.dialects.eventbus.BusTestData.fullEvent;
import static dev.herald.dialects.eventbus.BusTestData.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BusEventTest {

    @Test
    void jsonFormInBaidusFieldOrder() {
        assertThat(fullEvent().toJsonString()).isEqualTo("{\"data\":{\"k\":\"v\",\"n\":[1,2]},\"id\":\"e-1\","
                + "\"source\":\"BCE_BCC\",\"specversion\":\"1.0\",\"type\":\"EDAPMetaDataChangeStatus\","
                + "\"datacontenttype\":\"application/json\",\"subject\":\"i-xxxxx\",\"time\":\"2020-11-19T13:04:41Z\","
                + "\"resourceType\":\"Instance\",\"level\":\"WARNING\",\"accountId\":\"acc-1\",\"eventBusId\":\"eb-xxxxxx\","
                + "\"eventBusName\":\"cloud\",\"eventSourceAlias\":\"云服务器\",\"eventAlias\":\"BCC event exception\","
                + "\"eventAliasEn\":\"EDAPMetaDataChangeStatus\",\"region\":\"bj\",\"recvTimestamp\":\"2020-11-19T13:04:42.500Z\"}");
    }

    @Test
    void roundTripsThroughTheStoredForm() {
        assertThat(BusEvent.fromJson(fullEvent().toJsonString())).isEqualTo(fullEvent());
        BusEvent minimal = BusTestData.event("s", "t", null);
        assertThat(minimal.toJsonString()).doesNotContain("\"data\"", "subject", "region");
        assertThat(BusEvent.fromJson(minimal.toJsonString())).isEqualTo(minimal);
        BusEvent decimals = BusTestData.event("s", "t", "{\"p\":1.50}");
        assertThat(BusEvent.fromJson(decimals.toJsonString()).toJson().get("data").toString()).isEqualTo("{\"p\":1.50}");
    }

    @Test
    void jsonNullDataIsNoData() {
        BusEvent e = new BusEvent("i", "s", "1.0", "t", null, null, Instant.EPOCH, json("null"), null, null, null,
                "eb", "n", null, null, null, null, Instant.EPOCH);
        assertThat(e.data()).isNull();
        assertThat(e.toJson().has("data")).isFalse();
        assertThat(e.toJson().has("datacontenttype")).isFalse();
    }

    @Test
    void theEventCannotBeChangedThroughItsData() {
        ObjectNode data = (ObjectNode) json("{\"a\":1}");
        BusEvent e = new BusEvent("i", "s", "1.0", "t", null, null, Instant.EPOCH, data, null, null, null,
                "eb", "n", null, null, null, null, Instant.EPOCH);
        data.put("a", 2);
        ((ObjectNode) e.data()).put("a", 3);
        ((ObjectNode) e.toJson().get("data")).put("a", 4);
        assertThat(e.data()).isEqualTo(json("{\"a\":1}"));
    }

    @Test
    void storedFormsMissingRequiredFieldsAreRefused() {
        assertThatThrownBy(() -> BusEvent.fromJson("{\"id\":\"i\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a stored bus event has no source");
        assertThatThrownBy(() -> BusEvent.fromJson(fullEvent().toJson().put("time", "yesterday").toString()))
                .hasMessage("a stored bus event's time 'yesterday' is not an RFC 3339 time");
        assertThatThrownBy(() -> BusEvent.fromJson(fullEvent().toJson().put("level", 3).toString()))
                .hasMessage("a stored bus event's level must be a string");
        assertThatThrownBy(() -> BusEvent.fromJson("[]")).hasMessage("a stored bus event must be a JSON object");
        assertThatThrownBy(() -> BusEvent.fromJson("{")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a stored bus event is not valid JSON");
    }
}
