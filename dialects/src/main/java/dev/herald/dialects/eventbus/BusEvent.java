package dev.herald.dialects.eventbus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One event on a bus, as Herald stores it and as the push API echoes it: Baidu EventBridge's
 * CloudEvent shape (docs/eventbus.md, "The event"), field names exactly as Baidu spells them.
 *
 * <p>JSON form, in Baidu's field order: {@code data, id, source, specversion, type,
 * datacontenttype, subject, time, resourceType, level, accountId, eventBusId, eventBusName,
 * eventSourceAlias, eventAlias, eventAliasEn, region, recvTimestamp}. Times are RFC 3339 in UTC
 * ({@code 2021-03-11T02:42:39.146Z}, a fraction only when not zero); absent optional fields are
 * left out; {@code data} is the JSON value itself (an object stays an object).
 *
 * @param id              event id; {@code source} + {@code id} identify an event
 * @param source          event source (a CloudEvents URI-reference such as {@code App_DEMO})
 * @param specversion     CloudEvents version, always {@code 1.0} in Herald
 * @param type            event type
 * @param datacontenttype content type of {@code data}, {@code application/json} (parameters allowed), or {@code null}
 * @param subject         resource the event is about, or {@code null}
 * @param time            when the event happened
 * @param data            the event content: any JSON value, or {@code null} for none (JSON {@code null} counts as none)
 * @param resourceType    cloud product sub-type, or {@code null}
 * @param level           event level (Baidu enumerates no values; {@code WARNING} in its examples), or {@code null}
 * @param accountId       account the event belongs to, or {@code null}
 * @param eventBusId      bus the event is on
 * @param eventBusName    name of that bus
 * @param eventSourceAlias Chinese alias of the source, or {@code null}
 * @param eventAlias      Chinese alias of the type, or {@code null}
 * @param eventAliasEn    English alias of the type, or {@code null}
 * @param region          region, or {@code null}
 * @param recvTimestamp   when Herald received the event
 */
public record BusEvent(String id, String source, String specversion, String type, String datacontenttype,
                       String subject, Instant time, JsonNode data, String resourceType, String level,
                       String accountId, String eventBusId, String eventBusName, String eventSourceAlias,
                       String eventAlias, String eventAliasEn, String region, Instant recvTimestamp) {

    public BusEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(specversion, "specversion");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(eventBusId, "eventBusId");
        Objects.requireNonNull(eventBusName, "eventBusName");
        Objects.requireNonNull(recvTimestamp, "recvTimestamp");
        // A private copy: JsonNode is mutable and this record is not.
        data = data == null || data.isNull() || data.isMissingNode() ? null : data.deepCopy();
    }

    /** The event content (a copy: changing it does not change the event), or {@code null}. */
    @Override
    public JsonNode data() {
        return data == null ? null : data.deepCopy();
    }

    /** The event content without copying, for readers in this package that never change it. */
    JsonNode dataView() {
        return data;
    }

    /** The JSON form described above. */
    public ObjectNode toJson() {
        ObjectNode o = EventBusJson.MAPPER.createObjectNode();
        if (data != null) {
            o.set("data", data.deepCopy());
        }
        o.put("id", id);
        o.put("source", source);
        o.put("specversion", specversion);
        o.put("type", type);
        putIfPresent(o, "datacontenttype", datacontenttype);
        putIfPresent(o, "subject", subject);
        o.put("time", BusTime.format(time));
        putIfPresent(o, "resourceType", resourceType);
        putIfPresent(o, "level", level);
        putIfPresent(o, "accountId", accountId);
        o.put("eventBusId", eventBusId);
        o.put("eventBusName", eventBusName);
        putIfPresent(o, "eventSourceAlias", eventSourceAlias);
        putIfPresent(o, "eventAlias", eventAlias);
        putIfPresent(o, "eventAliasEn", eventAliasEn);
        putIfPresent(o, "region", region);
        o.put("recvTimestamp", BusTime.format(recvTimestamp));
        return o;
    }

    /** The JSON form as text. */
    public String toJsonString() {
        return toJson().toString();
    }

    /**
     * Reads the JSON form back (the stored form; not for client input, which
     * {@link EventBusPushReader} checks with Baidu's defaults and error answers).
     *
     * @throws IllegalArgumentException when {@code json} is not this shape
     */
    public static BusEvent fromJson(String json) {
        try {
            return fromJson(EventBusJson.MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a stored bus event is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when {@code json} is not the JSON form */
    public static BusEvent fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("a stored bus event must be a JSON object");
        }
        return new BusEvent(required(json, "id"), required(json, "source"), required(json, "specversion"),
                required(json, "type"), optional(json, "datacontenttype"), optional(json, "subject"),
                time(json, "time"), json.get("data"), optional(json, "resourceType"), optional(json, "level"),
                optional(json, "accountId"), required(json, "eventBusId"), required(json, "eventBusName"),
                optional(json, "eventSourceAlias"), optional(json, "eventAlias"), optional(json, "eventAliasEn"),
                optional(json, "region"), time(json, "recvTimestamp"));
    }

    private static String required(JsonNode json, String field) {
        String value = optional(json, field);
        if (value == null) {
            throw new IllegalArgumentException("a stored bus event has no " + field);
        }
        return value;
    }

    private static String optional(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("a stored bus event's " + field + " must be a string");
        }
        return v.textValue();
    }

    private static Instant time(JsonNode json, String field) {
        String text = required(json, field);
        try {
            return BusTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a stored bus event's " + field + " '" + text + "' is not an RFC 3339 time", e);
        }
    }

    private static void putIfPresent(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
