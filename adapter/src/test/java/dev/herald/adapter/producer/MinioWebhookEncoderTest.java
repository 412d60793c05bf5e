package dev.herald.adapter.producer;

import dev.herald.adapter.ingest.S3NotificationDecoder;
import dev.herald.dialects.ObjectEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Known answers: MinIO RELEASE.2024-01's captured webhook bodies, rebuilt byte for byte from what they describe. */
class MinioWebhookEncoderTest {
    private static final String HOST_ID = "470a0afc0f6fdbebb6a8e14ece29122784c0656e19563387135a7c8e02feb163";
    private static final String DEPLOYMENT = "b69ec596-9ef5-471a-9a38-c3f5cdc67f56";
    private static final String ENDPOINT = "http://127.0.0.1:19000";
    private static final String BOTO = "Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v669 md/arch#x86_64 "
            + "lang/python#3.11.7 md/pyimpl#CPython m/%s cfg/retry-mode#legacy Botocore/1.43.11";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "webhook-01-put-images-photo-bearer.json | ObjectCreated:Put | images/photo 1.jpg | 10 | 501590c529b9ce8bb8da7e80ab98e2fe | image/jpeg | 2026-11-22T13:34:30.724Z | alice | 18EA616101562ACA | 18EA6161015F97FE | - | D,b,N,U,Z,e",
            "webhook-03-put-docs-readme.json | ObjectCreated:Put | docs/readme.txt | 10 | 93373013bef3c6a043927cfb84a2d633 | binary/octet-stream | 2026-11-22T13:34:31.729Z | - | 18EA61613D38806D | 18EA61613D42B539 | - | D,b,N,U,Z,e",
            "webhook-04-copy-docs-copy.json | ObjectCreated:Copy | docs/copy.txt | 10 | 93373013bef3c6a043927cfb84a2d633 | binary/octet-stream | 2026-11-22T13:34:32.736Z | - | 18EA61617936B574 | 18EA61617946B208 | 232 | D,b,N,Z,e",
            "webhook-05-complete-multipart.json | ObjectCreated:CompleteMultipartUpload | big/multi.bin | 5242890 | 298c9a5c8205ea8eeef29652993678aa-2 | binary/octet-stream | 2026-11-22T13:34:33.790Z | - | 18EA6161B809002C | 18EA6161B81570D6 | 328 | D,b,N,Z,e",
            "webhook-06-delete-docs-readme.json | ObjectRemoved:Delete | docs/readme.txt | - | - | - | 2026-11-22T13:34:34.795Z | - | 18EA6161F3FF3440 | 18EA6161F40B0F47 | 0 | D,b,N,Z,e"})
    void rebuildsTheCapturedBody(String capture, String eventName, String key, Long size, String eTag, String contentType,
                                 String time, String owner, String requestId, String sequencer, String contentLength,
                                 String botoFeatures) {
        ObjectChange change = new ObjectChange(eventName, "test-bucket", key, size, eTag, contentType, null, "minioadmin",
                Instant.parse(time), owner == null ? Map.of() : Map.of("x-amz-meta-owner", owner));
        MinioOrigin origin = new MinioOrigin("", requestId, HOST_ID, DEPLOYMENT, ENDPOINT, "127.0.0.1",
                BOTO.formatted(botoFeatures), sequencer, contentLength);

        assertThat(MinioWebhookEncoder.encode(change, origin)).isEqualTo(Captures.body(capture));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "photo 1.jpg | photo+1.jpg",
            "Tile_+002_+002.mtl | Tile_%2B002_%2B002.mtl",
            "users/ABC | users%2FABC",
            "100% ~-_.x | 100%25+~-_.x",
            "für | f%C3%BCr"})
    void formEncodesTheRecordKeyAsGosQueryEscape(String key, String escaped) {
        assertThat(MinioWebhookEncoder.queryEscape(key)).isEqualTo(escaped);
    }

    /** Go's encoding/json escapes HTML characters: the raw top-level Key shows it. */
    @Test
    void escapesStringsAsGoDoes() {
        ObjectChange change = put("a&b<c>\u2028\u0001\n.txt", Instant.parse("2026-11-22T13:34:30.724Z"));
        String body = MinioWebhookEncoder.encode(change, MinioOrigin.local(change, "ua"));
        assertThat(body).startsWith("{\"EventName\":\"s3:ObjectCreated:Put\","
                + "\"Key\":\"bkt/a\\u0026b\\u003cc\\u003e\\u2028\\u0001\\n.txt\",");
    }

    @Test
    void metadataNamesAreCanonicalAndSortedWithTheContentType() {
        ObjectChange change = new ObjectChange("ObjectCreated:Put", "b", "k", 1L, "e", "text/plain", null, "u",
                Instant.parse("2026-11-22T13:34:30.724Z"), Map.of("x-amz-meta-my-key", "1", "X-AMZ-META-A", "2",
                "x-amz-checksum-crc32", "not user metadata"));
        assertThat(MinioWebhookEncoder.encode(change, MinioOrigin.local(change, "ua")))
                .contains("\"userMetadata\":{\"X-Amz-Meta-A\":\"2\",\"X-Amz-Meta-My-Key\":\"1\",\"content-type\":\"text/plain\"}");
    }

    /** A local origin derives its ids from the time, as MinIO does; a delete's answer had no body. */
    @Test
    void aLocalOriginTakesItsIdsFromTheTime() {
        Instant at = Instant.parse("2026-11-22T13:34:30.724Z");
        MinioOrigin origin = MinioOrigin.local(put("k", at), "herald");
        assertThat(origin.requestId()).isEqualTo("18EA61610169D900");
        assertThat(origin.sequencer()).isEqualTo("18EA61610169D900");
        assertThat(origin.responseContentLength()).isNull();
        ObjectChange delete = new ObjectChange("ObjectRemoved:Delete", "b", "k", null, null, null, null, "u", at, Map.of());
        assertThat(MinioOrigin.local(delete, "herald").responseContentLength()).isEqualTo("0");
    }

    /** What Herald's decoder reads back is what was described, whatever the key holds. */
    @Test
    void heraldsDecoderReadsTheKeyBack() throws Exception {
        ObjectChange change = put("dir/100% +x ü.txt", Instant.parse("2026-11-22T13:34:30.724Z"));
        ObjectEvent event = S3NotificationDecoder.decode(MinioWebhookEncoder.encode(change, MinioOrigin.local(change, "ua"))
                .getBytes(StandardCharsets.UTF_8)).events().getFirst();
        assertThat(event.key()).isEqualTo("dir/100% +x ü.txt");
        assertThat(event.eventName()).isEqualTo("ObjectCreated:Put");
        assertThat(event.size()).isEqualTo(3L);
        assertThat(event.contentType()).isEqualTo("text/plain");
    }

    private static ObjectChange put(String key, Instant at) {
        return new ObjectChange("ObjectCreated:Put", "bkt", key, 3L, "e", "text/plain", null, "u", at, Map.of());
    }
}
