package dev.herald.adapter.producer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The exact body Ceph RGW pushes to an HTTP endpoint for one object operation (ingress.md §2.1,
 * captured from 16.2.15 in {@code shared/fixtures/ceph-16.2.15}): {@code {"Records":[one record]}}
 * with the key raw, event names without {@code s3:}, times in UTC microseconds, no content type,
 * size and eTag also on deletes ({@code 0} and {@code ""} when unknown), every stored metadata
 * header as {@code {"key","val"}}, no tags, and {@code eventId}/{@code opaqueData}.
 */
public final class CephPushEncoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private CephPushEncoder() {
    }

    public static String encode(ObjectChange change, CephOrigin origin) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode r = root.putArray("Records").addObject();
        r.put("eventVersion", "2.2");
        r.put("eventSource", "ceph:s3");
        r.put("awsRegion", origin.zonegroup());
        r.put("eventTime", MICROS.format(change.time()));
        r.put("eventName", change.eventName());
        r.putObject("userIdentity").put("principalId", change.principal());
        r.putObject("requestParameters").put("sourceIPAddress", "");
        ObjectNode response = r.putObject("responseElements");
        response.put("x-amz-request-id", origin.requestId());
        response.put("x-amz-id-2", origin.hostId());
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", origin.configurationId());
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", change.bucket());
        bucket.putObject("ownerIdentity").put("principalId", change.principal());
        bucket.put("arn", "arn:aws:s3:" + origin.zonegroup() + "::" + change.bucket());
        bucket.put("id", origin.bucketId());
        ObjectNode object = s3.putObject("object");
        object.put("key", change.key());
        object.put("size", change.size() == null ? 0 : change.size());
        object.put("eTag", change.eTag() == null ? "" : change.eTag());
        object.put("versionId", change.versionId() == null ? "" : change.versionId());
        object.put("sequencer", origin.sequencer());
        ArrayNode metadata = object.putArray("metadata");
        change.metadata().forEach((name, value) -> metadata.addObject().put("key", name).put("val", value));
        object.putArray("tags");
        r.put("eventId", origin.eventId());
        r.put("opaqueData", origin.opaqueData());
        return root.toString();
    }
}
