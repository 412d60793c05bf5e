package dev.herald.dialects.eventbus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.Producer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Puts an object event (from MinIO, Ceph, AWS or BOS PostEvent) on a bus. Baidu documents no BOS
 * events on its event bus (docs/eventbus.md, "Object events on a bus"), so Herald follows the CloudEvents AWS S3 adapter
 * (cloudevents/spec {@code cloudevents/adapters/aws-s3.md}) where it fits:
 *
 * <ul>
 *   <li>{@code type} = {@code com.amazonaws.s3.} + the canonical event name, e.g.
 *       {@code com.amazonaws.s3.ObjectCreated:Put} (the adapter's rule, so consumers recognise any
 *       S3-compatible event by the prefix);</li>
 *   <li>{@code source} = event source + {@code .} + region + {@code .} + bucket, concatenated
 *       exactly as the adapter does: the event source is the producer's {@code eventSource}
 *       ({@code minio:s3}, {@code ceph:s3}, {@code aws:s3}; {@code bos:postevent} for events
 *       injected through BOS PostEvent) and the region is empty when the backend sends none, so
 *       {@code minio:s3..photos};</li>
 *   <li>{@code subject} = the object key as is (not URL-encoded);</li>
 *   <li>{@code id} = a name-based UUID of the canonical event id, so a resent event keeps its id
 *       (the adapter's request-id based id is not stable across producers);</li>
 *   <li>{@code time} = the event time; {@code datacontenttype} {@code application/json};
 *       {@code specversion} {@code 1.0};</li>
 *   <li>{@code data} = {@code {bucket, key, size, eTag, contentType, versionId, sequencer, eventName,
 *       requester, sourceIp, requestId, region, userMetadata}}, Herald's canonical fields, each
 *       left out when the producer did not send it ({@code userMetadata} when empty; its names
 *       sorted). The adapter puts the S3 record itself there, but the producers' records differ;
 *       one shape lets patterns such as {@code {"data":{"key":[{"prefix":"images/"}]}}} work
 *       whatever the backend;</li>
 *   <li>{@code eventBusId}, {@code eventBusName} from the bus, {@code region} from the event,
 *       {@code recvTimestamp} given by the caller; {@code accountId}, {@code level},
 *       {@code resourceType} and the aliases are not set.</li>
 * </ul>
 */
public final class ObjectEventsOnBus {
    public static final String TYPE_PREFIX = "com.amazonaws.s3.";
    private static final String JSON = "application/json";

    private ObjectEventsOnBus() {
    }

    public static BusEvent toBusEvent(ObjectEvent event, Bus bus, Instant receivedAt) {
        String region = event.region() == null ? "" : event.region();
        String source = eventSource(event.producer()) + "." + region + "." + event.bucket();
        return new BusEvent(id(event), source, "1.0", TYPE_PREFIX + event.eventName(), JSON, event.key(),
                event.eventTime(), data(event), null, null, null, bus.id(), bus.name(), null, null, null,
                event.region(), receivedAt);
    }

    /**
     * The producer's S3 {@code eventSource} ({@code bos:postevent} for BOS PostEvent, which has none;
     * {@code herald:reconcile} for an event Herald reconciled).
     */
    public static String eventSource(Producer producer) {
        return switch (producer) {
            case MINIO -> "minio:s3";
            case CEPH -> "ceph:s3";
            case AWS -> "aws:s3";
            case BOS_POST_EVENT -> "bos:postevent";
            case RECONCILE -> ObjectEvent.RECONCILE_PRINCIPAL;
        };
    }

    /** Stable: the same object event (resent, replayed) always gets the same bus event id. */
    static String id(ObjectEvent event) {
        return UUID.nameUUIDFromBytes(("eventbus|" + event.id()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static ObjectNode data(ObjectEvent e) {
        ObjectNode d = EventBusJson.MAPPER.createObjectNode();
        d.put("bucket", e.bucket());
        d.put("key", e.key());
        if (e.size() != null) {
            d.put("size", e.size());
        }
        putIfPresent(d, "eTag", e.eTag());
        putIfPresent(d, "contentType", e.contentType());
        putIfPresent(d, "versionId", e.versionId());
        putIfPresent(d, "sequencer", e.sequencer());
        d.put("eventName", e.eventName());
        putIfPresent(d, "requester", e.requester());
        putIfPresent(d, "sourceIp", e.sourceIp());
        putIfPresent(d, "requestId", e.requestId());
        putIfPresent(d, "region", e.region());
        if (!e.userMetadata().isEmpty()) {
            ObjectNode meta = d.putObject("userMetadata");
            // Sorted: the canonical map has no order, and the same event must render the same bytes.
            new TreeMap<>(e.userMetadata()).forEach(meta::put);
        }
        return d;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
