package dev.herald.dialects.eventbus;

import dev.herald.dialects.OutboundPush;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Renders a bus event for an HTTP target as a CloudEvents 1.0 message, with the CloudEvents Java
 * SDK: the {@code CloudEvent} is built with {@link CloudEventBuilder#v1()}, structured mode is the
 * SDK's JSON event format, binary mode the SDK's HTTP binding writer.
 *
 * <p>Attributes: {@code id}, {@code source}, {@code specversion} {@code 1.0}, {@code type},
 * {@code datacontenttype} (the event's, else {@code application/json}), {@code subject} and
 * {@code time} when set. Baidu's other fields become extension attributes, their names lower-cased
 * as CloudEvents requires: {@code accountid}, {@code eventbusid}, {@code eventbusname},
 * {@code region}, {@code level}, {@code resourcetype}, {@code eventsourcealias}, {@code eventalias},
 * {@code eventaliasen}, {@code recvtimestamp} (an RFC 3339 string), each only when set.
 * {@code data} is the event's JSON data; an event without data has none (binary mode: empty body).
 *
 * <p>Binary mode's {@code ce-*} header values are percent-encoded as the HTTP binding requires
 * (§3.1.3.2: space, {@code "}, {@code %} and everything outside printable ASCII, as UTF-8), which
 * the SDK's writer leaves to its caller: subjects and aliases are often not ASCII.
 *
 * <p>A binary message whose {@code ce-*} headers would exceed {@value #MAX_BINARY_HEADER_BYTES} bytes
 * (a long object key as {@code subject}) is sent in structured mode instead: HTTP servers refuse
 * large header sections (commonly 8 KiB in all) with a 431 or 400 that no retry can cure, while the
 * structured body carries the same event (docs/eventbus.md, "Limits").
 */
public final class CloudEventsRendering {
    public static final String DIALECT_ID = "eventbus";
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    private static final String JSON = "application/json";
    private static final JsonFormat FORMAT = new JsonFormat();
    /** Above this, counted as {@code name: value} plus CRLF per header, binary mode falls back to structured. */
    public static final int MAX_BINARY_HEADER_BYTES = 4096;

    private CloudEventsRendering() {
    }

    /** The HTTP content mode of a target. */
    public enum Mode {
        /** The whole event as the CloudEvents JSON format in the body. */
        STRUCTURED,
        /** The data in the body, attributes in {@code ce-*} headers. */
        BINARY;

        /** {@code structured} or {@code binary}, in any case, as written in Herald's configuration. */
        public static Mode parse(String text) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(text)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not a CloudEvents mode; use structured or binary");
        }
    }

    /**
     * One rendered message.
     *
     * @param contentType the {@code Content-Type}
     * @param headers     the {@code ce-*} headers (binary mode; empty for structured)
     * @param body        the body bytes
     */
    public record Rendered(String contentType, Map<String, String> headers, byte[] body) {
    }

    /**
     * The event as a CloudEvent (see the class comment for the attributes).
     *
     * @throws IllegalArgumentException when the event's source is not a URI reference (events read
     *                                  by {@link EventBusPushReader} always are)
     */
    public static CloudEvent toCloudEvent(BusEvent event) {
        CloudEventBuilder b = CloudEventBuilder.v1()
                .withId(event.id())
                .withSource(URI.create(event.source()))
                .withType(event.type())
                .withDataContentType(event.datacontenttype() != null ? event.datacontenttype() : JSON)
                .withTime(event.time().atOffset(ZoneOffset.UTC));
        if (event.subject() != null) {
            b.withSubject(event.subject());
        }
        if (event.dataView() != null) {
            b.withData(JsonCloudEventData.wrap(event.dataView()));
        }
        extension(b, "accountid", event.accountId());
        extension(b, "eventbusid", event.eventBusId());
        extension(b, "eventbusname", event.eventBusName());
        extension(b, "region", event.region());
        extension(b, "level", event.level());
        extension(b, "resourcetype", event.resourceType());
        extension(b, "eventsourcealias", event.eventSourceAlias());
        extension(b, "eventalias", event.eventAlias());
        extension(b, "eventaliasen", event.eventAliasEn());
        extension(b, "recvtimestamp", BusTime.format(event.recvTimestamp()));
        return b.build();
    }

    /** The event in {@code mode}, or structured when binary headers would be too large (see the class comment). */
    public static Rendered render(BusEvent event, Mode mode) {
        CloudEvent cloudEvent = toCloudEvent(event);
        if (mode == Mode.STRUCTURED) {
            return structured(cloudEvent);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        AtomicReference<byte[]> body = new AtomicReference<>();
        HttpMessageFactory.createWriter(headers::put, body::set).writeBinary(cloudEvent);
        // The writer maps datacontenttype to Content-Type, which OutboundPush carries on its own.
        String contentType = headers.remove("Content-Type");
        headers.replaceAll((name, value) -> percentEncode(value));
        int headerBytes = headers.entrySet().stream().mapToInt(h -> h.getKey().length() + h.getValue().length() + 4).sum();
        if (headerBytes > MAX_BINARY_HEADER_BYTES) {
            return structured(cloudEvent);
        }
        return new Rendered(contentType, Collections.unmodifiableMap(headers), body.get() == null ? new byte[0] : body.get());
    }

    private static Rendered structured(CloudEvent cloudEvent) {
        return new Rendered(STRUCTURED_CONTENT_TYPE, Map.of(), FORMAT.serialize(cloudEvent));
    }

    /**
     * The delivery of {@code event} to the {@code targetIndex}-th target ({@code url}) of rule
     * {@code ruleName}: a POST with the rendered message, unsigned.
     */
    public static OutboundPush push(BusEvent event, String ruleName, int targetIndex, String url, Mode mode) {
        Rendered r = render(event, mode);
        return new OutboundPush(deliveryId(event, ruleName, targetIndex, url), DIALECT_ID, event.eventBusId(), ruleName,
                url, "POST", r.contentType(), r.body(), null, event.id(), r.headers());
    }

    /**
     * Name-based UUID of {@code eventbus|busId|source|id|rule|targetIndex|url}: an event is
     * identified by bus, source and id, so the same event routed again (a resend, a restart)
     * gives the same delivery id.
     */
    public static String deliveryId(BusEvent event, String ruleName, int targetIndex, String url) {
        String name = "eventbus|" + event.eventBusId() + "|" + event.source() + "|" + event.id() + "|" + ruleName
                + "|" + targetIndex + "|" + url;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void extension(CloudEventBuilder b, String name, String value) {
        if (value != null) {
            b.withExtension(name, value);
        }
    }

    /** CloudEvents HTTP binding §3.1.3.2 percent-encoding of a header value. */
    static String percentEncode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (c > 0x20 && c < 0x7F && c != '"' && c != '%') {
                out.appendCodePoint(c);
            } else {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
                }
            }
        });
        return out.toString();
    }
}
