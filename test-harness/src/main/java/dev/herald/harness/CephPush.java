package dev.herald.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * Builds the exact body Ceph RGW 16 pushes to an HTTP endpoint (as captured from 16.2.15):
 * {@code {"Records":[one record]}} with the raw key, no {@code s3:} prefix, microsecond times,
 * no content type, and {@code eventId}/{@code opaqueData}.
 */
public final class CephPush {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private CephPush() {
    }

    public static String body(ObjectOperation op, String opaqueData) {
        long sec = op.time.getEpochSecond();
        int usec = op.time.getNano() / 1000;
        String eTag = op.eTag == null ? "" : op.eTag;

        ObjectNode root = JSON.createObjectNode();
        ObjectNode r = root.putArray("Records").addObject();
        r.put("eventVersion", "2.2");
        r.put("eventSource", "ceph:s3");
        r.put("awsRegion", "");
        r.put("eventTime", MICROS.format(op.time.truncatedTo(ChronoUnit.MICROS)));
        r.put("eventName", op.eventName);
        r.putObject("userIdentity").put("principalId", op.principal);
        r.putObject("requestParameters").put("sourceIPAddress", "");
        ObjectNode resp = r.putObject("responseElements");
        resp.put("x-amz-request-id", "e7f32d7c-df1c-480d-b1e1-bea94cfd10e5.4118." + Long.toUnsignedString(sec * 1_000_000L + usec));
        resp.put("x-amz-id-2", "1016-default-default");
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "herald");
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", op.bucket);
        bucket.putObject("ownerIdentity").put("principalId", op.principal);
        bucket.put("arn", "arn:aws:s3:::" + op.bucket);
        bucket.put("id", "e7f32d7c-df1c-480d-b1e1-bea94cfd10e5.4120.1");
        ObjectNode object = s3.putObject("object");
        object.put("key", op.key);
        object.put("size", op.size == null ? 0 : op.size);
        object.put("eTag", eTag);
        object.put("versionId", op.versionId == null ? "" : op.versionId);
        // Ceph's sequencer is the raw little-endian bytes of (sec, nsec) in hex.
        ByteBuffer seq = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt((int) sec).putInt(op.time.getNano());
        object.put("sequencer", HexFormat.of().withUpperCase().formatHex(seq.array()));
        ArrayNode meta = object.putArray("metadata");
        op.metadata.forEach((k, v) -> meta.addObject().put("key", "x-amz-meta-" + k).put("val", v));
        object.putArray("tags");
        r.put("eventId", String.format("%010d.%06d.%s", sec, usec, eTag));
        r.put("opaqueData", opaqueData == null ? "" : opaqueData);
        return root.toString();
    }
}
