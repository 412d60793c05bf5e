package dev.herald.dialects.eventbus;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Buses, events and resources shared by the event bus tests. */
final class BusTestData {
    static final Instant NOW = Instant.parse("2026-11-22T13:48:57Z");
    static final String ACCESS_KEY = "AKBUSTEST0000000";
    static final String SECRET_KEY = "SKBUSTEST0000000";
    static final Bus CLOUD = new Bus("eb-xxxxxx", "cloud");
    static final Bus PY_SAMPLE = new Bus("eb-xxxxxxxx", "py-sample");
    static final Bus ORDERS = new Bus("eb-orders", "orders");
    static final Map<String, Bus> BUSES = Map.of(CLOUD.id(), CLOUD, PY_SAMPLE.id(), PY_SAMPLE, ORDERS.id(), ORDERS);
    static final BusDirectory DIRECTORY = id -> Optional.ofNullable(BUSES.get(id));

    private BusTestData() {
    }

    static String resource(String name) {
        try (InputStream in = BusTestData.class.getResourceAsStream("/eventbus/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource eventbus/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return EventBusJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fully populated event on {@link #CLOUD}, like Baidu's canonical EB-EVT example. */
    static BusEvent fullEvent() {
        return new BusEvent("e-1", "BCE_BCC", "1.0", "EDAPMetaDataChangeStatus", "application/json", "i-xxxxx",
                Instant.parse("2020-11-19T13:04:41Z"), json("{\"k\":\"v\",\"n\":[1,2]}"), "Instance", "WARNING",
                "acc-1", CLOUD.id(), CLOUD.name(), "云服务器", "BCC event exception", "EDAPMetaDataChangeStatus", "bj",
                Instant.parse("2020-11-19T13:04:42.5Z"));
    }

    /** A minimal event on {@link #CLOUD} with the given source, type and data (JSON text, or null). */
    static BusEvent event(String source, String type, String data) {
        return new BusEvent("id-1", source, "1.0", type, "application/json", null, NOW,
                data == null ? null : json(data), null, null, null, CLOUD.id(), CLOUD.name(), null, null, null, null, NOW);
    }
}
