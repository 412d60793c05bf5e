package dev.herald.dialects.qingstor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.herald.dialects.ObjectEvent;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * The bodies Herald posts to a rule's {@code notify_url}.
 *
 * <p><b>notifier</b>: QingStor's message (docs/qingstor.md, "notifier: the message"; qingcloud-docs
 * {@code manual/console/bucket_manage/notification.md}), one event per post, fields in this order:
 * <pre>
 * {"events":[{"event_source":"qingstor","event_version":"1.0","event_type":"create_object",
 *   "event_time":"2026-11-22T13:34:30.724Z","zone_id":&lt;settings&gt;,"user_identify":{"principal_id":…},
 *   "response_elements":{"request_id":…},"qingstor":{"schema_version":"1.0","notification_id":&lt;rule id&gt;,
 *   "bucket":{"name":…},"object":{"name":&lt;raw key&gt;,"etag":…,"size":…}}}]}
 * </pre>
 * QingStor marks every field required, so none is left out: a value the backend did not send is
 * {@code ""} for strings ({@code principal_id}, {@code request_id}, {@code etag}) and {@code 0} for
 * {@code size} (MinIO sends neither size nor ETag on deletes). {@code event_time} is UTC with
 * milliseconds like QingStor's example; {@code object.name} is the raw key, not URL-encoded.
 * {@code principal_id} is the backend's requester (not a QingStor {@code usr-} id).
 *
 * <p><b>image</b> results (QingStor documents none): the same event, plus
 * {@code "cloudfunc":{"name":"image","status":"success","result":{…}}} or
 * {@code "cloudfunc":{"name":"image","status":"failed","error":"…"}}; {@code result} as
 * {@link CloudfuncOutcome#imageSaved} describes it.
 *
 * <p><b>tupu-porn</b> results: QingStor's documented body (qingcloud-docs
 * {@code manual/console/data_process/tupu_porn.md}) {@code {"bucket":…,"object":<key>,"result":<verdict>}},
 * the moderation service's verdict passed on byte for byte. When Herald could not get a verdict,
 * {@code result} is {@code {"code":100,"message":"…"}}: the verdict format's own "server error"
 * code, so receivers that check {@code result.code} see the failure.
 */
final class QingStorPushRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** The verdict format's code for a server-side failure (tupu_porn.md: 100 服务器错误). */
    static final int MODERATION_SERVER_ERROR = 100;

    private QingStorPushRenderer() {
    }

    /** The notifier message for one event and rule. */
    static byte[] message(ObjectEvent event, String ruleEventType, String ruleId, String zoneId) {
        ObjectNode root = JSON.createObjectNode();
        event(root, event, ruleEventType, ruleId, zoneId);
        return bytes(root);
    }

    /** The image rule's report: the message plus a {@code cloudfunc} object. */
    static byte[] imageResult(ObjectEvent event, String ruleEventType, String ruleId, String zoneId, CloudfuncOutcome outcome) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode cloudfunc = event(root, event, ruleEventType, ruleId, zoneId).putObject("cloudfunc");
        cloudfunc.put("name", QingStorCloudfunc.IMAGE.wireName());
        cloudfunc.put("status", outcome.success() ? "success" : "failed");
        if (outcome.success()) {
            cloudfunc.putRawValue("result", new RawValue(outcome.resultJson()));
        } else {
            cloudfunc.put("error", outcome.error());
        }
        return bytes(root);
    }

    /** The tupu-porn rule's report, in QingStor's documented shape. */
    static byte[] moderationResult(ObjectEvent event, CloudfuncOutcome outcome) {
        ObjectNode root = JSON.createObjectNode();
        root.put("bucket", event.bucket());
        root.put("object", event.key());
        if (outcome.success()) {
            root.putRawValue("result", new RawValue(outcome.resultJson()));
        } else {
            ObjectNode result = root.putObject("result");
            result.put("code", MODERATION_SERVER_ERROR);
            result.put("message", outcome.error());
        }
        return bytes(root);
    }

    /** Appends the one event of {@code {"events":[...]}} to {@code root} and returns it. */
    private static ObjectNode event(ObjectNode root, ObjectEvent event, String ruleEventType, String ruleId, String zoneId) {
        ObjectNode e = root.putArray("events").addObject();
        e.put("event_source", "qingstor");
        e.put("event_version", "1.0");
        e.put("event_type", QingStorEventTypes.messageType(ruleEventType));
        e.put("event_time", EVENT_TIME.format(event.eventTime()));
        e.put("zone_id", zoneId);
        e.putObject("user_identify").put("principal_id", orEmpty(event.requester()));
        e.putObject("response_elements").put("request_id", orEmpty(event.requestId()));
        ObjectNode qingstor = e.putObject("qingstor");
        qingstor.put("schema_version", "1.0");
        qingstor.put("notification_id", ruleId);
        qingstor.putObject("bucket").put("name", event.bucket());
        ObjectNode object = qingstor.putObject("object");
        object.put("name", event.key());
        object.put("etag", orEmpty(event.eTag()));
        object.put("size", event.size() == null ? 0L : event.size());
        return e;
    }

    /** Stable per (event, rule, URL): a resent or replayed backend event is not delivered twice. */
    static String deliveryId(ObjectEvent event, String ruleId, String url) {
        return nameUuid("qingstor|" + event.id() + "|" + ruleId + "|" + url);
    }

    /** Stable per (event, rule, URL), distinct from {@link #deliveryId}'s namespace. */
    static String resultDeliveryId(ObjectEvent event, String ruleId, String url) {
        return nameUuid("qingstor-result|" + event.id() + "|" + ruleId + "|" + url);
    }

    /** Stable per (event, rule). */
    static String jobId(ObjectEvent event, String ruleId) {
        return nameUuid("qingstor-job|" + event.id() + "|" + ruleId);
    }

    private static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static byte[] bytes(ObjectNode root) {
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }
}
