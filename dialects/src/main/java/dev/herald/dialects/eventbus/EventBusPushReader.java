package dev.herald.dialects.eventbus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.dialects.EventTimeRange;
import dev.herald.dialects.bos.BosErrorCode;
import dev.herald.dialects.bos.BosException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.function.Supplier;

import static dev.herald.dialects.bos.BosErrorCode.INAPPROPRIATE_JSON;
import static dev.herald.dialects.bos.BosErrorCode.INVALID_ARGUMENT;
import static dev.herald.dialects.bos.BosErrorCode.MALFORMED_JSON;

/**
 * Reads the body of an event bus push ({@code POST /v1/event-bus/recv}) into the events to store,
 * reconciling Baidu's three descriptions of it (docs/eventbus.md, "The push API"):
 *
 * <ul>
 *   <li>The events are under {@code eventList} (Baidu's documentation) or {@code events} (py-bce):
 *       exactly one of them, a non-empty array of at most {@value #MAX_EVENTS} events (Herald's
 *       limit; Baidu documents none).</li>
 *   <li>The bus id is per event ({@code eventBusId}, or py-bce's {@code eventbusid}) or at the top
 *       level ({@code eventBusId}, as in the documentation's request example); per event wins. It
 *       must name a configured bus.</li>
 *   <li>{@code source} and {@code type} are required non-empty strings; {@code source} must also
 *       be a URI reference, as CloudEvents requires ({@code App_DEMO} is one).</li>
 *   <li>{@code data} is any JSON value, or a string holding JSON (the documentation's example),
 *       which is stored parsed; a string that is not JSON is refused; an empty string or
 *       {@code null} means no data. {@code datacontenttype}, if sent, must be
 *       {@code application/json} (parameters allowed); it defaults to {@code application/json}.</li>
 *   <li>{@code time} is an RFC 3339 time with offset ({@code Z}, {@code +08:00}, or {@code +0800}
 *       as in Baidu's response example) or epoch milliseconds (a number, or a string of digits,
 *       as in the request example); it defaults to the receive time.</li>
 *   <li>Defaults: {@code id} a fresh id when missing or empty, {@code specversion} {@code 1.0}
 *       (the only version accepted), {@code accountId} the signing access key.
 *       {@code eventBusName} is always the bus's name (a different one sent is refused) and
 *       {@code recvTimestamp} always the receive time (a value sent is ignored).</li>
 *   <li>Other fields are optional strings kept as sent; unknown fields are ignored.</li>
 * </ul>
 *
 * <p>All or nothing: the first bad event refuses the whole request, with a message naming the
 * event and field ({@code eventList[2].source is missing}). A body that is not a JSON object is
 * {@code MalformedJSON}; a field of the wrong JSON type {@code InappropriateJSON}; anything else
 * {@code InvalidArgument}.
 */
public final class EventBusPushReader {
    /** Herald's limit of events per request; Baidu documents none. */
    public static final int MAX_EVENTS = 100;
    private static final String DEFAULT_CONTENT_TYPE = "application/json";
    private static final String SPEC_VERSION = "1.0";

    private final BusDirectory buses;
    private final Supplier<String> ids;

    /** @param ids fresh event ids (UUIDs) for events sent without one */
    public EventBusPushReader(BusDirectory buses, Supplier<String> ids) {
        this.buses = buses;
        this.ids = ids;
    }

    /**
     * @param accessKey  the access key the request is signed with (the default {@code accountId})
     * @param receivedAt when Herald received the request
     * @throws BosException {@code MalformedJSON}, {@code InappropriateJSON} or {@code InvalidArgument}
     */
    public List<BusEvent> read(byte[] body, String accessKey, Instant receivedAt) {
        JsonNode root = parse(body);
        String listKey = listKey(root);
        JsonNode list = root.get(listKey);
        if (!list.isArray()) {
            throw error(INAPPROPRIATE_JSON, listKey + " must be an array of events");
        }
        if (list.isEmpty()) {
            throw error(INVALID_ARGUMENT, listKey + " must not be empty");
        }
        if (list.size() > MAX_EVENTS) {
            throw error(INVALID_ARGUMENT, listKey + " has " + list.size() + " events; Herald accepts at most "
                    + MAX_EVENTS + " per request");
        }
        String topLevelBusId = text(root, "", "eventBusId");
        List<BusEvent> events = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String path = listKey + "[" + i + "]";
            JsonNode event = list.get(i);
            if (!event.isObject()) {
                throw error(INAPPROPRIATE_JSON, path + " must be an object");
            }
            events.add(event(event, path, topLevelBusId, accessKey, receivedAt));
        }
        return List.copyOf(events);
    }

    private BusEvent event(JsonNode e, String path, String topLevelBusId, String accessKey, Instant receivedAt) {
        String source = requiredText(e, path, "source");
        try {
            new URI(source);
        } catch (URISyntaxException ex) {
            throw error(INVALID_ARGUMENT, path + ".source '" + source + "' is not a URI reference, which CloudEvents "
                    + "requires of a source (e.g. App_DEMO or /my/app)");
        }
        String type = requiredText(e, path, "type");
        Bus bus = bus(e, path, topLevelBusId);
        String busName = text(e, path, "eventBusName");
        if (busName != null && !busName.equals(bus.name())) {
            throw error(INVALID_ARGUMENT, path + ".eventBusName '" + busName + "' is not the name of bus '" + bus.id()
                    + "', which is '" + bus.name() + "'");
        }
        String id = text(e, path, "id");
        if (id == null || id.isEmpty()) {
            id = ids.get();
        }
        String specversion = text(e, path, "specversion");
        if (specversion != null && !specversion.equals(SPEC_VERSION)) {
            throw error(INVALID_ARGUMENT, path + ".specversion '" + specversion + "' is not supported; Herald stores "
                    + "CloudEvents " + SPEC_VERSION);
        }
        String contentType = text(e, path, "datacontenttype");
        if (contentType != null && !mediaType(contentType).equals(DEFAULT_CONTENT_TYPE)) {
            throw error(INVALID_ARGUMENT, path + ".datacontenttype '" + contentType + "' is not supported; only "
                    + DEFAULT_CONTENT_TYPE + " is");
        }
        JsonNode data = data(e.get("data"), path + ".data");
        Instant time = time(e.get("time"), path + ".time", receivedAt);
        String accountId = text(e, path, "accountId");
        return new BusEvent(id, source, SPEC_VERSION, type, contentType != null ? contentType : DEFAULT_CONTENT_TYPE,
                text(e, path, "subject"), time, data, text(e, path, "resourceType"), text(e, path, "level"),
                accountId != null ? accountId : accessKey, bus.id(), bus.name(), text(e, path, "eventSourceAlias"),
                text(e, path, "eventAlias"), text(e, path, "eventAliasEn"), text(e, path, "region"), receivedAt);
    }

    private Bus bus(JsonNode e, String path, String topLevelBusId) {
        String camel = text(e, path, "eventBusId");
        String lower = text(e, path, "eventbusid");
        if (camel != null && lower != null && !camel.equals(lower)) {
            throw error(INVALID_ARGUMENT, path + ".eventBusId '" + camel + "' and " + path + ".eventbusid '" + lower
                    + "' differ; send one of them");
        }
        String busId;
        String busPath;
        if (camel != null || lower != null) {
            busId = camel != null ? camel : lower;
            busPath = path + (camel != null ? ".eventBusId" : ".eventbusid");
        } else if (topLevelBusId != null) {
            busId = topLevelBusId;
            busPath = "eventBusId";
        } else {
            throw error(INVALID_ARGUMENT, path + ".eventBusId is missing; name the bus in each event or once at "
                    + "the top level");
        }
        String id = busId;
        return buses.find(id).orElseThrow(() -> error(INVALID_ARGUMENT, busPath + " '" + id
                + "' is not an event bus Herald serves"));
    }

    /** JSON as is; a string holding JSON parsed; {@code null} or an empty string for no data. */
    private static JsonNode data(JsonNode data, String path) {
        if (data == null || data.isNull()) {
            return null;
        }
        if (!data.isTextual()) {
            return data;
        }
        if (data.textValue().isBlank()) {
            return null;
        }
        try {
            return EventBusJson.MAPPER.readTree(data.textValue());
        } catch (JsonProcessingException e) {
            throw error(INVALID_ARGUMENT, path + " is a string that is not JSON; send the data as JSON (an object, "
                    + "array or value) or as a string holding JSON");
        }
    }

    private static Instant time(JsonNode time, String path, Instant receivedAt) {
        if (time == null || time.isNull()) {
            return receivedAt;
        }
        Instant parsed;
        if (time.isNumber()) {
            if (!time.canConvertToExactIntegral() || !time.canConvertToLong()) {
                throw error(INVALID_ARGUMENT, path + " " + time + " is not a whole number of epoch milliseconds");
            }
            parsed = Instant.ofEpochMilli(time.longValue());
        } else if (time.isTextual()) {
            String text = time.textValue();
            if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                try {
                    parsed = Instant.ofEpochMilli(Long.parseLong(text));
                } catch (NumberFormatException e) {
                    throw error(INVALID_ARGUMENT, path + " '" + text + "' is out of range");
                }
            } else {
                try {
                    parsed = BusTime.parse(text);
                } catch (DateTimeParseException e) {
                    throw error(INVALID_ARGUMENT, path + " '" + text + "' is neither an RFC 3339 time with an offset "
                            + "(2020-11-19T21:04:41+08:00, 2020-11-19T13:04:41Z) nor epoch milliseconds");
                }
            }
        } else {
            throw error(INAPPROPRIATE_JSON, path + " must be a string (RFC 3339) or a number (epoch milliseconds)");
        }
        Optional<String> outOfRange = EventTimeRange.problem(parsed);
        if (outOfRange.isPresent()) {
            throw error(INVALID_ARGUMENT, path + " " + time + " " + outOfRange.get());
        }
        return parsed;
    }

    private static String requiredText(JsonNode e, String path, String field) {
        String value = text(e, path, field);
        if (value == null) {
            throw error(INVALID_ARGUMENT, path + "." + field + " is missing");
        }
        if (value.isEmpty()) {
            throw error(INVALID_ARGUMENT, path + "." + field + " must not be empty");
        }
        return value;
    }

    /** The string field, or {@code null} when absent or JSON null. */
    private static String text(JsonNode node, String path, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw error(INAPPROPRIATE_JSON, (path.isEmpty() ? "" : path + ".") + field + " must be a string");
        }
        return v.textValue();
    }

    private static String listKey(JsonNode root) {
        boolean eventList = present(root, "eventList");
        boolean events = present(root, "events");
        if (eventList && events) {
            throw error(INVALID_ARGUMENT, "the body has both eventList and events; send the events in one of them");
        }
        if (!eventList && !events) {
            throw error(INVALID_ARGUMENT, "eventList is missing (Herald also accepts the events under events)");
        }
        return eventList ? "eventList" : "events";
    }

    private static boolean present(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static JsonNode parse(byte[] body) {
        JsonNode root;
        try {
            root = EventBusJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw error(MALFORMED_JSON, "the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw error(MALFORMED_JSON, "the request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw error(MALFORMED_JSON, "the request body must be a JSON object");
        }
        return root;
    }

    private static BosException error(BosErrorCode code, String message) {
        return new BosException(code, message);
    }
}
