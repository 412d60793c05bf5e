package dev.herald.adapter.ingest;

import dev.herald.dialects.BucketNames;
import dev.herald.dialects.EventTimeRange;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.fuzz.FuzzCorpus;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The ingest decoder over fuzzed MinIO, Ceph RGW, AWS and EventBridge bodies (dialects' fuzz corpus,
 * {@code fuzz/ingest}). Invariant: an {@link UndecodableNotificationException} (answered 400), or
 * events that are whole: a key, an S3 bucket name, a time in range.
 */
class IngestDecoderFuzzTest {
    @Provide
    Arbitrary<byte[]> notifications() {
        return FuzzCorpus.mutants("ingest");
    }

    @Property(tries = 1500)
    void aBodyDecodesWholeOrIsRefused(@ForAll("notifications") byte[] body) {
        DecodedNotification[] decoded = new DecodedNotification[1];
        Throwable thrown = catchThrowable(() -> decoded[0] = S3NotificationDecoder.decode(body));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(UndecodableNotificationException.class);
            assertThat(thrown.getMessage()).isNotBlank().doesNotContain("\n");
            return;
        }
        for (ObjectEvent event : decoded[0].events()) {
            assertThat(event.key()).isNotEmpty();
            assertThat(BucketNames.S3_LEGACY.problem(event.bucket())).isEmpty();
            assertThat(EventTimeRange.problem(event.eventTime())).isEmpty();
        }
    }

    /** The real captures decode under the strict rules: otherwise the fuzzer would start from refusals only. */
    @Property(tries = 1)
    void everySeedDecodes() throws Exception {
        for (byte[] seed : FuzzCorpus.seeds("ingest")) {
            assertThat(S3NotificationDecoder.decode(seed)).isNotNull();
        }
    }
}
