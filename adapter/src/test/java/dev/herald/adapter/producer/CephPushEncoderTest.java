package dev.herald.adapter.producer;

import dev.herald.adapter.ingest.DecodedNotification;
import dev.herald.adapter.ingest.S3NotificationDecoder;
import dev.herald.dialects.ObjectEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Known answers: Ceph RGW 16.2.15's captured HTTP pushes, rebuilt byte for byte from what they describe. */
class CephPushEncoderTest {
    private static final String RGW = "e7f32d7c-df1c-480d-b1e1-bea94cfd10e5";

    @Test
    void rebuildsThePutWithUserMetadata() {
        ObjectChange change = change("ObjectCreated:Put", "images/photo 1.jpg", 10, "501590c529b9ce8bb8da7e80ab98e2fe",
                "2026-11-22T13:44:56.953001Z", "x-amz-meta-owner", "alice");
        assertEncodes(change, "3005007397861571651", "D8F1026B3DFCF838", "1795355096.955841", "http-push-01-put-images-photo.json");
    }

    @Test
    void rebuildsThePutWithStoredChecksumHeaders() {
        ObjectChange change = change("ObjectCreated:Put", "docs/readme.txt", 10, "93373013bef3c6a043927cfb84a2d633",
                "2026-11-22T13:44:57.963344Z", "x-amz-checksum-crc32", "3rCRLA==",
                "x-amz-content-sha256", "9b5338484b3ed7b9a89666b6fa71a30d8186b67a4c0933c5f11b2d1f67998ba5",
                "x-amz-date", "20261122T134457Z", "x-amz-sdk-checksum-algorithm", "CRC32");
        assertEncodes(change, "5318879482843230022", "D9F1026B25398539", "1795355097.965032", "http-push-02-put-docs-readme.json");
    }

    @Test
    void rebuildsTheCopy() {
        ObjectChange change = change("ObjectCreated:Copy", "docs/copy.txt", 10, "93373013bef3c6a043927cfb84a2d633",
                "2026-11-22T13:44:58.972636Z",
                "x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "x-amz-copy-source", "ceph-bucket/docs/readme.txt", "x-amz-date", "20261122T134458Z");
        assertEncodes(change, "11239315347349837121", "DAF1026BC715113A", "1795355098.974198", "http-push-03-copy-docs-copy.json");
    }

    @Test
    void rebuildsTheCompletedMultipartUpload() {
        ObjectChange change = change("ObjectCreated:CompleteMultipartUpload", "big/multi.bin", 5242890,
                "298c9a5c8205ea8eeef29652993678aa-2", "2026-11-22T13:45:01.123821Z",
                "x-amz-content-sha256", "70532ec75b13b547b7d94b6dc8d79468f175eedc3e17ff90d3f5559386d7cb47",
                "x-amz-date", "20261122T134501Z");
        assertEncodes(change, "4592776072189876380", "DDF1026BD4786107", "1795355101.123828", "http-push-04-complete-multipart.json");
    }

    /** Unlike MinIO, Ceph's delete still carries the size and eTag of what was deleted. */
    @Test
    void rebuildsTheDelete() {
        ObjectChange change = change("ObjectRemoved:Delete", "docs/readme.txt", 10, "93373013bef3c6a043927cfb84a2d633",
                "2026-11-22T13:45:02.175657Z",
                "x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "x-amz-date", "20261122T134502Z");
        assertEncodes(change, "85761482871037248", "DEF1026B8667780A", "1795355102.175662", "http-push-05-delete-docs-readme.json");
    }

    /** A local origin derives eventId and sequencer from the time, as RGW does. */
    @Test
    void aLocalOriginTakesItsIdsFromTheTime() {
        ObjectChange change = change("ObjectCreated:Put", "k", 1, "abc", "2026-11-22T13:44:56.953001Z");
        CephOrigin origin = CephOrigin.local(change, "herald", null);
        assertThat(origin.eventId()).isEqualTo("1795355096.953001.abc");
        assertThat(origin.sequencer()).isEqualTo("D8F1026B28A4CD38");
        assertThat(origin.opaqueData()).isEmpty();
        assertThat(origin.requestId()).isEqualTo(RGW + ".4118.1795355096953001");
    }

    /** Ceph keys are raw: Herald must not decode them, and reads back exactly what was described. */
    @Test
    void heraldsDecoderReadsTheRawKeyBack() throws Exception {
        ObjectChange change = change("ObjectCreated:Put", "dir/100% +x ü.txt", 3, "abc", "2026-11-22T13:44:56.953001Z");
        DecodedNotification decoded = S3NotificationDecoder.decode(
                CephPushEncoder.encode(change, CephOrigin.local(change, "herald", "secret")).getBytes(StandardCharsets.UTF_8));
        ObjectEvent event = decoded.events().getFirst();
        assertThat(event.key()).isEqualTo("dir/100% +x ü.txt");
        assertThat(event.contentType()).isNull();
        assertThat(decoded.opaqueData()).containsExactly("secret");
    }

    private static void assertEncodes(ObjectChange change, String requestNumber, String sequencer, String eventTime,
                                      String capture) {
        CephOrigin origin = new CephOrigin("", RGW + ".4118." + requestNumber, "1016-default-default", "all-events",
                RGW + ".4120.1", sequencer, eventTime + "." + change.eTag(), "opaque-123");
        assertThat(CephPushEncoder.encode(change, origin)).isEqualTo(Captures.body(capture));
    }

    private static ObjectChange change(String eventName, String key, long size, String eTag, String time, String... metadata) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < metadata.length; i += 2) {
            headers.put(metadata[i], metadata[i + 1]);
        }
        return new ObjectChange(eventName, "ceph-bucket", key, size, eTag, null, null, "tester", Instant.parse(time), headers);
    }
}
