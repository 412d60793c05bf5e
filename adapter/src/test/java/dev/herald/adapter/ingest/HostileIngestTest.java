package dev.herald.adapter.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Input that used to pass through unchecked (issue 16, item 7), each refused with one clear line. */
class HostileIngestTest {
    private static String minioPut() {
        try (InputStream in = HostileIngestTest.class.getResourceAsStream("/ingest/minio-put.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(byte[] body, String message) {
        assertThatThrownBy(() -> S3NotificationDecoder.decode(body)).isInstanceOf(UndecodableNotificationException.class)
                .hasMessage(message);
    }

    private static void assertRefused(String body, String message) {
        assertRefused(body.getBytes(StandardCharsets.UTF_8), message);
    }

    @Test
    void theFixtureItselfDecodes() throws Exception {
        assertThat(S3NotificationDecoder.decode(minioPut().getBytes(StandardCharsets.UTF_8)).events().getFirst().key())
                .isEqualTo("images/photo 1.jpg");
    }

    @Test
    void anOverlongSlashInTheRawKeyIsNotUtf8() {
        // "test-bucket/images/photo 1.jpg" with its second '/' written as C0 AF, the overlong form.
        String body = minioPut();
        int at = body.indexOf("images/photo 1.jpg\"") + "images".length();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(body.substring(0, at).getBytes(StandardCharsets.UTF_8));
        bytes.write(0xC0);
        bytes.write(0xAF);
        bytes.writeBytes(body.substring(at + 1).getBytes(StandardCharsets.UTF_8));
        assertRefused(bytes.toByteArray(), "body is not UTF-8: it has an overlong or malformed byte sequence");
    }

    @Test
    void anOverlongSlashInTheEscapedKeyIsRefused() {
        // One record whose top-level Key does not match: the record's escaped key is decoded.
        String body = minioPut().replace("images%2Fphoto+1.jpg", "images%C0%AFphoto+1.jpg")
                .replace("\"Key\":\"test-bucket/images/photo 1.jpg\"", "\"Key\":\"other\"");
        assertRefused(body, "Records[0].s3.object.key has escapes that are not UTF-8 (an overlong or malformed byte sequence)");
    }

    @Test
    void bytesAfterTheDocumentAreRefused() {
        assertThatThrownBy(() -> S3NotificationDecoder.decode((minioPut() + " {}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UndecodableNotificationException.class).hasMessageStartingWith("body is not JSON: Trailing token");
    }

    @Test
    void aKeyTwiceIsRefused() {
        String body = minioPut().replace("\"eventName\":", "\"eventName\":\"s3:ObjectRemoved:Delete\",\"eventName\":");
        assertThatThrownBy(() -> S3NotificationDecoder.decode(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UndecodableNotificationException.class)
                .hasMessageStartingWith("body is not JSON: Duplicate field 'eventName'");
    }

    @Test
    void deepNestingIsRefused() {
        String body = minioPut().replaceFirst("\\{", "{\"deep\":" + "[".repeat(100) + "]".repeat(100) + ",");
        assertThatThrownBy(() -> S3NotificationDecoder.decode(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UndecodableNotificationException.class)
                .hasMessageContaining("exceeds the maximum allowed (64");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-999999999-01-01T00:00:00Z | is before 1970",
            "0000-01-01T00:00:00Z       | is before 1970",
            "1969-12-31T23:59:59.999Z   | is before 1970",
            "+10000-01-01T00:00:00Z     | is after the year 9999"})
    void eventTimesOutOfRangeAreRefused(String time, String problem) {
        assertRefused(minioPut().replace("2026-11-22T13:34:30.724Z", time),
                "Records[0].eventTime '" + time + "' " + problem);
    }

    @ParameterizedTest
    @CsvSource({"bücket", "a/b", "'a b'", "a:b"})
    void bucketNamesFollowS3sLegacyRules(String bucket) {
        String body = minioPut().replace("test-bucket", bucket);
        assertRefused(body, "Records[0].s3.bucket.name is not an S3 bucket name: bucket name '" + bucket
                + "' must be 1 to 255 letters, digits, '.', '-' or '_'");
    }
}
