package dev.herald.dialects.bos;

import dev.herald.dialects.ObjectEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BosPostEventReaderTest {
    private static final Instant NOW = Instant.parse("2026-11-22T13:48:57Z");
    private final BosPostEventReader reader = new BosPostEventReader(Clock.fixed(NOW, ZoneOffset.UTC), () -> "generated-id");

    private List<ObjectEvent> read(String body) {
        return reader.read(body.getBytes(StandardCharsets.UTF_8), "my-bucket", "req-1");
    }

    private static String event(String fields) {
        return "{\"events\":[{" + fields + "}]}";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PutObject | | ObjectCreated:Put",
            "PostObject | | ObjectCreated:Post",
            "AppendObject | | ObjectCreated:Append",
            "CopyObject | | ObjectCreated:Copy",
            "CompleteMultipartUpload | | ObjectCreated:CompleteMultipartUpload",
            "FetchObject | | ObjectCreated:Fetch",
            "BosLifecycle:Copy | | ObjectCreated:LifecycleCopy",
            "DeleteObject | | ObjectRemoved:Delete",
            "DeleteMultipleObjects | | ObjectRemoved:DeleteMultiple",
            "PutObjectTagging | | ObjectCreated:PutTagging",
            "DeleteObjectTagging | | ObjectCreated:DeleteTagging",
            "PutObjectRetention | | ObjectCreated:PutRetention",
            "PutObjectLegalHold | | ObjectCreated:PutLegalHold",
            "TransitionObject | | ObjectTransition:Complete",
            "PutObject | Client | ObjectCreated:Put",
            "PutObject | Replication | Replication:Create",
            "DeleteObject | Lifycycle | LifecycleExpiration:Delete",
            "DeleteObject | Replication | Replication:Delete"})
    void mapsTypeAndOriginBackToACanonicalName(String eventType, String eventFrom, String canonicalName) {
        String from = eventFrom == null ? "" : ",\"eventFrom\":\"" + eventFrom + "\"";
        ObjectEvent e = read(event("\"eventType\":\"" + eventType + "\"" + from + ",\"content\":{\"object\":\"k\"}")).getFirst();
        assertThat(e.eventName()).isEqualTo(canonicalName);
        assertThat(BosEventTypes.forEvent(e.eventName()).orElseThrow().eventType()).as("round trip").isEqualTo(eventType);
    }

    @Test
    void theEventTimeFallsBackToLastModifiedThenToNow() {
        assertThat(read(event("\"eventType\":\"PutObject\",\"content\":{\"object\":\"k\",\"lastModified\":\"2026-01-02T03:04:05+08:00\"}"))
                .getFirst().eventTime()).isEqualTo(Instant.parse("2026-01-01T19:04:05Z"));
        ObjectEvent bare = read(event("\"eventType\":\"PutObject\",\"content\":{\"object\":\"k\"}")).getFirst();
        assertThat(bare.eventTime()).isEqualTo(NOW);
        assertThat(bare.id()).isEqualTo("generated-id");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{} | InappropriateJSON | events is required",
            "{\"events\":[]} | InvalidArgument | events must not be empty",
            "{\"events\":[1]} | InappropriateJSON | events[0] must be an object",
            "{\"events\":[{\"content\":{\"object\":\"k\"}}]} | InappropriateJSON | events[0].eventType is required",
            "{\"events\":[{\"eventType\":\"PutObject\"}]} | InappropriateJSON | events[0].content is required",
            "{\"events\":[{\"eventType\":\"PutObject\",\"content\":{}}]} | InappropriateJSON | events[0].content.object is required",
            "{\"events\":[{\"eventType\":\"PutObject\",\"content\":{\"object\":\"\"}}]} | InvalidArgument | events[0].content.object must not be empty",
            "{\"events\":[{\"eventType\":\"PutObject\",\"content\":{\"object\":\"k\",\"bucket\":\"b2\"}}]} | InvalidArgument | events[0].content.bucket 'b2' differs from the bucket of the request, 'my-bucket'",
            "{\"events\":[{\"eventType\":\"PutObject\",\"content\":{\"object\":\"k\",\"filesize\":\"10\"}}]} | InappropriateJSON | events[0].content.filesize must be an integer",
            "{\"events\":[{\"eventType\":\"PutObject\",\"content\":{\"object\":\"k\",\"filesize\":-1}}]} | InvalidArgument | events[0].content.filesize must not be negative",
            "{\"events\":[{\"eventType\":\"PutObject\",\"eventTime\":\"yesterday\",\"content\":{\"object\":\"k\"}}]} | InvalidArgument | events[0].eventTime 'yesterday' is not an RFC 3339 time like 2018-09-05T02:28:49Z",
            "{\"events\":[{\"eventType\":\"PutObject\",\"eventFrom\":\"Batch\",\"content\":{\"object\":\"k\"}}]} | InvalidArgument | events[0].eventFrom 'Batch' is not an origin Herald knows for PutObject; allowed values: Client, Replication"})
    void refuses(String body, String code, String message) {
        assertThatThrownBy(() -> read(body)).isInstanceOfSatisfying(BosException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void refusesGroupsAndUnknownTypes() {
        assertThatThrownBy(() -> read(event("\"eventType\":\"PutObjectt\",\"content\":{\"object\":\"k\"}")))
                .hasMessage("events[0].eventType 'PutObjectt' is not a concrete BOS event type (groups are for rules only); "
                        + "allowed values: PutObject, PostObject, CopyObject, CompleteMultipartUpload, AppendObject, FetchObject, "
                        + "BosLifecycle:Copy, DeleteObject, DeleteMultipleObjects, PutObjectTagging, DeleteObjectTagging, "
                        + "PutObjectRetention, PutObjectLegalHold, TransitionObject");
    }
}
