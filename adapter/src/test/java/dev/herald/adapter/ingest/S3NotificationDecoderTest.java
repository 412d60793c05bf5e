package dev.herald.adapter.ingest;

import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Golden tests over real captures (MinIO 2024-01, Ceph 16.2.15) and the AWS documentation samples. */
class S3NotificationDecoderTest {

    @Test
    void minioPutTakesTheUnescapedKeyAndEveryField() throws Exception {
        DecodedNotification d = S3NotificationDecoder.decode(resource("minio-put.json"));
        assertThat(d.testEvent()).isFalse();
        assertThat(d.events()).hasSize(1);
        ObjectEvent e = d.events().getFirst();
        assertThat(e.producer()).isEqualTo(Producer.MINIO);
        assertThat(e.eventName()).isEqualTo("ObjectCreated:Put");
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-11-22T13:34:30.724Z"));
        assertThat(e.bucket()).isEqualTo("test-bucket");
        assertThat(e.key()).isEqualTo("images/photo 1.jpg");
        assertThat(e.size()).isEqualTo(10L);
        assertThat(e.eTag()).isEqualTo("501590c529b9ce8bb8da7e80ab98e2fe");
        assertThat(e.contentType()).isEqualTo("image/jpeg");
        assertThat(e.versionId()).isNull();
        assertThat(e.sequencer()).isEqualTo("18EA6161015F97FE");
        assertThat(e.requester()).isEqualTo("minioadmin");
        assertThat(e.sourceIp()).isEqualTo("127.0.0.1");
        assertThat(e.requestId()).isEqualTo("18EA616101562ACA");
        assertThat(e.bucketOwner()).isEqualTo("minioadmin");
        assertThat(e.region()).isNull();
        assertThat(e.userMetadata()).isEqualTo(Map.of("owner", "alice"));
        assertThat(e.id()).startsWith("minio:").hasSize("minio:".length() + 32);
        assertThat(d.opaqueData()).containsExactly((String) null);
    }

    @Test
    void minioKeyIsFormDecodedWhenTheTopLevelKeyIsMissing() throws Exception {
        String body = text("minio-put.json").replace("\"Key\":\"test-bucket/images/photo 1.jpg\",", "");
        assertThat(body).doesNotContain("\"Key\"");
        assertThat(S3NotificationDecoder.decode(bytes(body)).events().getFirst().key()).isEqualTo("images/photo 1.jpg");
    }

    @Test
    void minioDeleteHasNoSizeNorETag() throws Exception {
        ObjectEvent e = S3NotificationDecoder.decode(resource("minio-delete.json")).events().getFirst();
        assertThat(e.eventName()).isEqualTo("ObjectRemoved:Delete");
        assertThat(e.key()).isEqualTo("docs/readme.txt");
        assertThat(e.size()).isNull();
        assertThat(e.eTag()).isNull();
        assertThat(e.contentType()).isNull();
    }

    @Test
    void cephPutKeepsTheRawKeyAndReadsCephOnlyFields() throws Exception {
        DecodedNotification d = S3NotificationDecoder.decode(resource("ceph-put.json"));
        ObjectEvent e = d.events().getFirst();
        assertThat(e.producer()).isEqualTo(Producer.CEPH);
        assertThat(e.eventName()).isEqualTo("ObjectCreated:Put");
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-11-22T13:44:56.953001Z"));
        assertThat(e.bucket()).isEqualTo("ceph-bucket");
        assertThat(e.key()).isEqualTo("images/photo 1.jpg");
        assertThat(e.size()).isEqualTo(10L);
        assertThat(e.eTag()).isEqualTo("501590c529b9ce8bb8da7e80ab98e2fe");
        assertThat(e.contentType()).isNull();
        assertThat(e.versionId()).as("Ceph sends \"\" when unversioned").isNull();
        assertThat(e.sourceIp()).as("Ceph sends \"\"").isNull();
        assertThat(e.requester()).isEqualTo("tester");
        assertThat(e.requestId()).isEqualTo("e7f32d7c-df1c-480d-b1e1-bea94cfd10e5.4118.3005007397861571651");
        assertThat(e.userMetadata()).isEqualTo(Map.of("owner", "alice"));
        assertThat(e.id()).startsWith("ceph:");
        assertThat(d.opaqueData()).containsExactly("opaque-123");
    }

    @Test
    void cephKeysAreNeverDecoded() throws Exception {
        String body = text("ceph-put.json").replace("images/photo 1.jpg", "a+b%2Bc 100%");
        assertThat(S3NotificationDecoder.decode(bytes(body)).events().getFirst().key()).isEqualTo("a+b%2Bc 100%");
    }

    @Test
    void olderCephWithPrefixedNamesAndLowerCaseEtag() throws Exception {
        ObjectEvent e = S3NotificationDecoder.decode(resource("ceph-put-kafka-2021.json")).events().getFirst();
        assertThat(e.eventName()).isEqualTo("ObjectCreated:Put");
        assertThat(e.eTag()).isEqualTo("8d70234f63225bebc7b48464b5d734c1");
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2021-09-24T08:54:48.676394Z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2024-01-05T11:26:33.405Z|2024-01-05T11:26:33.405Z",
            "2024-04-21T10:03:18.419013Z|2024-04-21T10:03:18.419013Z",
            "2021-02-19 02:03:08.330496Z|2021-02-19T02:03:08.330496Z",
            "2024-04-21T10:03:18.419013123Z|2024-04-21T10:03:18.419013123Z",
            "2021-11-12T00:00:00Z|2021-11-12T00:00:00Z",
            "2024-01-05T19:26:33.405+08:00|2024-01-05T11:26:33.405Z",
            "2024-01-05T11:26:33.405|2024-01-05T11:26:33.405Z"})
    void eventTimesInEveryProducersForm(String sent, String expected) throws Exception {
        String body = text("ceph-put.json").replace("2026-11-22T13:44:56.953001Z", sent);
        assertThat(S3NotificationDecoder.decode(bytes(body)).events().getFirst().eventTime()).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "HappyFace.jpg|HappyFace.jpg",
            "red+flower.jpg|red flower.jpg",
            "v1+copy%2B1.jpg|v1 copy+1.jpg",
            "users%2FABC|users/ABC",
            "dir/raw/slash.txt|dir/raw/slash.txt",
            "caf%C3%A9+%E6%96%87.txt|café 文.txt",
            "100%|100%",
            "50%+off%zz|50% off%zz"})
    void awsKeysAreFormDecodedTolerantly(String sent, String expected) throws Exception {
        String body = text("aws-put.json").replace("\"HappyFace.jpg\"", "\"" + sent + "\"");
        ObjectEvent e = S3NotificationDecoder.decode(bytes(body)).events().getFirst();
        assertThat(e.producer()).isEqualTo(Producer.AWS);
        assertThat(e.key()).isEqualTo(expected);
    }

    @Test
    void awsRecordsAndDeletes() throws Exception {
        ObjectEvent put = S3NotificationDecoder.decode(resource("aws-put.json")).events().getFirst();
        assertThat(put.eventName()).isEqualTo("ObjectCreated:Put");
        assertThat(put.versionId()).isEqualTo("096fKKXTRTtl3on89fVO.nfljtsv6qko");
        assertThat(put.region()).isEqualTo("us-west-2");
        assertThat(put.bucketOwner()).isEqualTo("A3NL1KOZZKExample");
        ObjectEvent delete = S3NotificationDecoder.decode(resource("aws-delete.json")).events().getFirst();
        assertThat(delete.isRemoved()).isTrue();
        assertThat(delete.size()).isNull();
    }

    @Test
    void theAwsTestEventIsRecognizedAndCarriesNoEvents() throws Exception {
        DecodedNotification d = S3NotificationDecoder.decode(resource("aws-test-event.json"));
        assertThat(d.testEvent()).isTrue();
        assertThat(d.events()).isEmpty();
    }

    @Test
    void eventBridgeEventsMapToS3Names() throws Exception {
        ObjectEvent created = S3NotificationDecoder.decode(resource("aws-eventbridge-object-created.json")).events().getFirst();
        assertThat(created.eventName()).isEqualTo("ObjectCreated:Put");
        assertThat(created.bucket()).isEqualTo("DOC-EXAMPLE-BUCKET1");
        assertThat(created.key()).isEqualTo("example-key");
        assertThat(created.size()).isEqualTo(5L);
        assertThat(created.eTag()).isEqualTo("b1946ac92492d2347c6235b4d2611184");
        assertThat(created.versionId()).isEqualTo("IYV3p45BT0ac8hjHg1houSdS1a.Mro8e");
        assertThat(created.requester()).isEqualTo("123456789012");
        assertThat(created.sourceIp()).isEqualTo("1.2.3.4");
        assertThat(created.requestId()).isEqualTo("N4N7GDK58NMKJ12R");
        assertThat(created.eventTime()).isEqualTo(Instant.parse("2021-11-12T00:00:00Z"));
        ObjectEvent deleted = S3NotificationDecoder.decode(resource("aws-eventbridge-object-deleted.json")).events().getFirst();
        assertThat(deleted.eventName()).isEqualTo("ObjectRemoved:DeleteMarkerCreated");
    }

    @Test
    void resendsOfOneEventShareTheirIdAndDifferentEventsDoNot() throws Exception {
        String minio1 = id("minio-retry-1.json");
        String ceph1 = id("ceph-retry-1.json");
        assertThat(id("minio-retry-2.json")).isEqualTo(minio1);
        assertThat(id("ceph-retry-2.json")).isEqualTo(ceph1);
        assertThat(id("minio-put.json")).isNotIn(minio1, ceph1);
        assertThat(id("ceph-put.json")).isNotIn(minio1, ceph1, id("ceph-delete.json"));
    }

    /** Ceph's eventId is sec.usec.etag; two deletes of different keys in one microsecond would share it. */
    @Test
    void cephEventsWithTheSameEventIdButDifferentKeysStayDistinct() throws Exception {
        String body = text("ceph-delete.json");
        String other = body.replace("docs/readme.txt", "docs/other.txt");
        assertThat(S3NotificationDecoder.decode(bytes(other)).events().getFirst().id())
                .isNotEqualTo(S3NotificationDecoder.decode(bytes(body)).events().getFirst().id());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|empty body",
            "'   '|empty body",
            "not json|body is not JSON",
            "[1,2]|body is not a JSON object",
            "{}|not a bucket notification",
            "{\"Records\":[]}|Records is empty",
            "{\"Records\":{}}|Records must be an array",
            "{\"Records\":[1]}|Records[0] must be an object",
            "{\"Records\":[{\"eventTime\":\"2024-01-05T11:26:33Z\"}]}|Records[0].eventName is missing",
            "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"yesterday\"}]}|Records[0].eventTime 'yesterday' is not a time",
            "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2024-01-05T11:26:33Z\",\"s3\":{\"object\":{\"key\":\"k\"}}}]}|Records[0].s3.bucket.name is missing",
            "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2024-01-05T11:26:33Z\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":7}}}]}|Records[0].s3.object.key must be a string",
            "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2024-01-05T11:26:33Z\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\",\"size\":-1}}}]}|Records[0].s3.object.size must be a non-negative integer",
            "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2024-01-05T11:26:33Z\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\",\"size\":1.5}}}]}|Records[0].s3.object.size must be a non-negative integer",
            "{\"source\":\"aws.s3\",\"detail-type\":\"Bucket Renamed\",\"time\":\"2021-11-12T00:00:00Z\",\"detail\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\"}}}|detail-type 'Bucket Renamed' is not an S3 event type"})
    void badBodiesGetOneClearLine(String body, String message) {
        assertThatThrownBy(() -> S3NotificationDecoder.decode(bytes(body)))
                .isInstanceOf(UndecodableNotificationException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aJsonErrorDoesNotEchoTheBody() {
        String secretish = "{\"Records\":[{\"opaqueData\":\"s3cr3t-token\" oops";
        assertThatThrownBy(() -> S3NotificationDecoder.decode(bytes(secretish)))
                .isInstanceOf(UndecodableNotificationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    }

    /** Whatever the bytes, the decoder answers with events or an UndecodableNotificationException, never anything else. */
    @ParameterizedTest
    @ValueSource(strings = {"minio-put.json", "ceph-put.json", "aws-put.json", "aws-eventbridge-object-created.json"})
    void mangledBodiesNeverThrowAnythingElse(String name) throws Exception {
        byte[] original = resource(name);
        Random random = new Random(name.hashCode());
        for (int round = 0; round < 2_000; round++) {
            byte[] mangled = original.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                mangled[random.nextInt(mangled.length)] = (byte) MANGLE.charAt(random.nextInt(MANGLE.length()));
            }
            try {
                S3NotificationDecoder.decode(mangled);
            } catch (UndecodableNotificationException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    private static final String MANGLE = " {}[]\":,0a-.%+\\u";

    private static String id(String name) throws Exception {
        return S3NotificationDecoder.decode(resource(name)).events().getFirst().id();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(String name) {
        return new String(resource(name), StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) {
        try (InputStream in = S3NotificationDecoderTest.class.getResourceAsStream("/ingest/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /ingest/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
