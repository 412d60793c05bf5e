package dev.herald.adapter.producer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What a Ceph RGW adds of its own to an HTTP push (ingress.md §2.1).
 *
 * @param zonegroup       {@code awsRegion}, and the region of the bucket ARN; {@code ""} for the default
 * @param requestId       {@code x-amz-request-id}
 * @param hostId          {@code x-amz-id-2}
 * @param configurationId the bucket notification's id
 * @param bucketId        {@code s3.bucket.id}, Ceph's bucket instance id
 * @param sequencer       {@code s3.object.sequencer}
 * @param eventId         {@code eventId}
 * @param opaqueData      the topic's {@code OpaqueData}; {@code ""} when it has none
 */
public record CephOrigin(String zonegroup, String requestId, String hostId, String configurationId, String bucketId,
                         String sequencer, String eventId, String opaqueData) {

    /**
     * A single-zone RGW notifying at the change's time: {@code eventId} is
     * {@code sec.usec.eTag}, the sequencer the little-endian bytes of (sec, nsec) in hex, as RGW
     * computes them (ingress.md §2.1); request and bucket ids in RGW's shape.
     */
    public static CephOrigin local(ObjectChange change, String configurationId, String opaqueData) {
        long sec = change.time().getEpochSecond();
        int usec = change.time().getNano() / 1000;
        ByteBuffer sequencer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) sec).putInt(change.time().getNano());
        return new CephOrigin("", "e7f32d7c-df1c-480d-b1e1-bea94cfd10e5.4118." + Long.toUnsignedString(sec * 1_000_000L + usec),
                "1016-default-default", configurationId, "e7f32d7c-df1c-480d-b1e1-bea94cfd10e5.4120.1",
                HexFormat.of().withUpperCase().formatHex(sequencer.array()),
                String.format(Locale.ROOT, "%010d.%06d.%s", sec, usec, change.eTag() == null ? "" : change.eTag()),
                opaqueData == null ? "" : opaqueData);
    }
}
