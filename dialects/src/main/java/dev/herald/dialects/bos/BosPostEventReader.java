package dev.herald.dialects.bos;

import dev.herald.dialects.EventTimeRange;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.Producer;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads a BOS PostEvent body ({@code POST /v1/{bucket}/?event}) into canonical events:
 * {@code {"events":[{eventId?, eventTime?, eventType, eventFrom?, content:{object, bucket?, eTag?,
 * filesize?, contentType?, lastModified?, userId?}}]}}, the shape BOS itself pushes.
 *
 * <p>{@code eventType} and {@code eventFrom} are mapped back through {@link BosEventTypes#table()},
 * so the event is pushed on with the same type and origin. The event time is {@code eventTime},
 * else {@code content.lastModified}, else now.
 */
final class BosPostEventReader {
    /** Herald's limit; BOS documents none. */
    private static final int MAX_EVENTS = 100;

    private final Clock clock;
    private final Supplier<String> ids;

    BosPostEventReader(Clock clock, Supplier<String> ids) {
        this.clock = clock;
        this.ids = ids;
    }

    /** @throws BosException {@code MalformedJSON}, {@code InappropriateJSON} or {@code InvalidArgument} */
    List<ObjectEvent> read(byte[] body, String bucket, String requestId) {
        List<ObjectEvent> events = new ArrayList<>();
        for (JsonField f : JsonField.parseObject(body).get("events").nonEmptyItems(MAX_EVENTS)) {
            events.add(event(f.object(), bucket, requestId));
        }
        return events;
    }

    private ObjectEvent event(JsonField f, String bucket, String requestId) {
        String eventId = f.get("eventId").optionalText();
        Instant eventTime = time(f.get("eventTime"));
        BosEventTypes.Row type = type(f.get("eventType"), f.get("eventFrom"));
        JsonField content = f.get("content").object();
        JsonField object = content.get("object");
        String key = object.text();
        if (key.isEmpty()) {
            throw object.invalid("must not be empty");
        }
        JsonField bucketField = content.get("bucket");
        String namedBucket = bucketField.optionalText();
        if (namedBucket != null && !namedBucket.equals(bucket)) {
            throw bucketField.invalid("'" + namedBucket + "' differs from the bucket of the request, '" + bucket + "'");
        }
        JsonField filesize = content.get("filesize");
        Long size = filesize.optionalLong();
        if (size != null && size < 0) {
            throw filesize.invalid("must not be negative");
        }
        Instant lastModified = time(content.get("lastModified"));
        Instant when = eventTime != null ? eventTime : lastModified != null ? lastModified : clock.instant();
        return new ObjectEvent(eventId != null ? eventId : ids.get(), Producer.BOS_POST_EVENT, type.canonicalName(),
                when, bucket, key, size, content.get("eTag").optionalText(), content.get("contentType").optionalText(),
                null, null, null, null, requestId, content.get("userId").optionalText(), null, null);
    }

    private static BosEventTypes.Row type(JsonField typeField, JsonField fromField) {
        String eventType = typeField.text();
        if (!BosEventTypes.eventTypes().contains(eventType)) {
            throw typeField.invalid("'" + eventType + "' is not a concrete BOS event type (groups are for rules only); "
                    + "allowed values: " + String.join(", ", BosEventTypes.eventTypes()));
        }
        String eventFrom = fromField.optionalText();
        return BosEventTypes.forPostEvent(eventType, eventFrom).orElseThrow(() -> fromField.invalid("'" + eventFrom
                + "' is not an origin Herald knows for " + eventType + "; allowed values: "
                + String.join(", ", BosEventTypes.originsOf(eventType))));
    }

    private static Instant time(JsonField f) {
        String text = f.optionalText();
        if (text == null) {
            return null;
        }
        Instant time;
        try {
            time = BosTime.parse(text);
        } catch (DateTimeParseException e) {
            throw f.invalid("'" + text + "' is not an RFC 3339 time like 2018-09-05T02:28:49Z");
        }
        EventTimeRange.problem(time).ifPresent(problem -> {
            throw f.invalid("'" + text + "' " + problem);
        });
        return time;
    }
}
