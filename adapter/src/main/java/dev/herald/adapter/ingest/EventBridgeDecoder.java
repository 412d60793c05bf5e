package dev.herald.adapter.ingest;

import dev.herald.dialects.EventNames;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.Producer;

/**
 * An S3 event as EventBridge delivers it ({@code source: aws.s3}, ingress.md §3.2): one event per
 * body, key not encoded, the S3 operation in {@code detail-type} plus {@code detail.reason} and
 * {@code detail.deletion-type}.
 */
final class EventBridgeDecoder {
    private EventBridgeDecoder() {
    }

    static ObjectEvent decode(Field root) throws UndecodableNotificationException {
        Field detail = root.get("detail");
        String bucket = detail.get("bucket").get("name").bucketName();
        Field object = detail.get("object");
        String key = object.get("key").text();
        String eventName = eventName(root.get("detail-type"), detail);
        String versionId = object.get("version-id").optionalText();
        String sequencer = object.get("sequencer").optionalText();
        String id = root.get("id").optionalText();
        return new ObjectEvent(EventIds.of(Producer.AWS, "eventbridge", id, bucket, key, versionId, sequencer, eventName),
                Producer.AWS, eventName, root.get("time").time(), bucket, key, object.get("size").optionalSize(),
                S3RecordDecoder.unquote(object.get("etag").optionalText()), null, versionId, sequencer,
                detail.get("requester").optionalText(), detail.get("source-ip-address").optionalText(),
                detail.get("request-id").optionalText(), null, root.get("region").optionalText(), null);
    }

    /** The S3 notification name of the same operation, so rules match both shapes alike. */
    private static String eventName(Field detailType, Field detail) throws UndecodableNotificationException {
        String reason = detail.get("reason").optionalText();
        boolean marker = "Delete Marker Created".equals(detail.get("deletion-type").optionalText());
        String type = detailType.text();
        return switch (type) {
            case "Object Created" -> switch (reason == null ? "PutObject" : reason) {
                case "POST Object" -> EventNames.CREATED_POST;
                case "CopyObject" -> EventNames.CREATED_COPY;
                case "CompleteMultipartUpload" -> EventNames.CREATED_COMPLETE_MULTIPART;
                default -> EventNames.CREATED_PUT;
            };
            case "Object Deleted" -> "Lifecycle Expiration".equals(reason)
                    ? (marker ? "LifecycleExpiration:DeleteMarkerCreated" : "LifecycleExpiration:Delete")
                    : (marker ? EventNames.REMOVED_DELETE_MARKER_CREATED : EventNames.REMOVED_DELETE);
            case "Object Tags Added" -> "ObjectTagging:Put";
            case "Object Tags Deleted" -> "ObjectTagging:Delete";
            case "Object ACL Updated" -> "ObjectAcl:Put";
            case "Object Restore Initiated" -> "ObjectRestore:Post";
            case "Object Restore Completed" -> "ObjectRestore:Completed";
            case "Object Restore Expired" -> "ObjectRestore:Delete";
            case "Object Storage Class Changed" -> "LifecycleTransition";
            case "Object Access Tier Changed" -> "IntelligentTiering";
            default -> throw detailType.invalid("'" + Field.excerpt(type) + "' is not an S3 event type");
        };
    }
}
