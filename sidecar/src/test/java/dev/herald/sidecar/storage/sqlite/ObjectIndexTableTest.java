package dev.herald.sidecar.storage.sqlite;

import dev.herald.sidecar.storage.ObjectIndex;
import dev.herald.sidecar.storage.RoutedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The object index as the store keeps it: written with its event (only the first time the event is
 * logged, never by an older event), started by a bucket's first rule and dropped with its last,
 * read in key order a page at a time, forgotten with the retention.
 */
class ObjectIndexTableTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static RoutedEvent event(String id, String key, String eTag, Instant at, boolean removed) {
        return new RoutedEvent(id, "ceph", "b", key, removed ? "ObjectRemoved:Delete" : "ObjectCreated:Put", "", List.of(),
                List.of(), new ObjectIndex.Entry("b", key, eTag, null, at, removed));
    }

    @Test
    void entriesAreWrittenWithTheirEventAndAnOlderEventDoesNotReplaceANewerOne() {
        try (SqliteStorage storage = SqliteStorage.open(dir, 64, Duration.ofDays(7), CLOCK)) {
            ObjectIndex index = storage.objectIndex();
            storage.events().append(List.of(event("e1", "k", "new", NOW.minusSeconds(10), false),
                    event("e0", "k", "old", NOW.minusSeconds(20), false),
                    new RoutedEvent("bus", "eventbus", "b", "other", "x", "", List.of(), List.of())));
            assertThat(index.page("b", null, 10)).containsExactly(
                    new ObjectIndex.Entry("b", "k", "new", null, NOW.minusSeconds(10), false));

            storage.events().append(List.of(event("e2", "k", null, NOW.minusSeconds(5), true)));
            // A resend of e1 is a duplicate: it does not bring its entry back.
            storage.events().append(List.of(event("e1", "k", "new", NOW.plusSeconds(10), false)));
            assertThat(index.page("b", null, 10)).singleElement().satisfies(e -> {
                assertThat(e.removed()).isTrue();
                assertThat(e.eTag()).isNull();
            });
        }
    }

    @Test
    void pagesComeInKeyOrderAfterTheGivenKey() {
        try (SqliteStorage storage = SqliteStorage.open(dir, 64, Duration.ofDays(7), CLOCK)) {
            storage.events().append(List.of(event("1", "b/2", "e", NOW, false), event("2", "a", "e", NOW, false),
                    event("3", "b/10", "e", NOW, false), event("4", "\uD83D\uDE00", "e", NOW, false),
                    event("5", "\uFF5E", "e", NOW, false)));
            ObjectIndex index = storage.objectIndex();
            assertThat(index.page("b", null, 2)).extracting(ObjectIndex.Entry::key).containsExactly("a", "b/10");
            assertThat(index.page("b", "b/10", 2)).extracting(ObjectIndex.Entry::key).containsExactly("b/2", "\uFF5E");
            assertThat(index.page("b", "\uFF5E", 2)).extracting(ObjectIndex.Entry::key).containsExactly("\uD83D\uDE00");
            assertThat(index.page("other", null, 2)).isEmpty();
        }
    }

    @Test
    void theFirstRuleStartsIndexingAndTheLastOneGoneDropsTheIndex() {
        try (SqliteStorage storage = SqliteStorage.open(dir, 64, Duration.ofDays(7), CLOCK)) {
            ObjectIndex index = storage.objectIndex();
            assertThat(index.indexingSince("b")).isEmpty();
            storage.rules().save("b", "bos", "{}", 0, null, NOW.toEpochMilli());
            storage.rules().save("b", "ks3", "{}", 0, null, NOW.plusSeconds(60).toEpochMilli());
            assertThat(index.indexingSince("b")).contains(NOW);
            storage.events().append(List.of(event("1", "k", "e", NOW, false)));

            storage.rules().delete("b", "bos");
            assertThat(index.indexingSince("b")).as("a rule remains").contains(NOW);
            storage.rules().delete("b", "ks3");
            assertThat(index.indexingSince("b")).isEmpty();
            assertThat(index.page("b", null, 10)).isEmpty();
        }
    }

    @Test
    void theRetentionForgetsEntriesAndMovesTheStartOfIndexingUp() {
        Instant old = NOW.minus(Duration.ofDays(10));
        try (SqliteStorage storage = SqliteStorage.open(dir, 64, Duration.ofDays(7), Clock.fixed(old, ZoneOffset.UTC))) {
            storage.rules().save("b", "bos", "{}", 0, null, old.toEpochMilli());
            storage.events().append(List.of(event("1", "old", "e", old, false)));
        }
        try (SqliteStorage storage = SqliteStorage.open(dir, 64, Duration.ofDays(7), CLOCK)) {
            storage.events().append(List.of(event("2", "recent", "e", NOW, false)));
            EventRetention retention = new EventRetention(new EventTable(storage.database(), CLOCK),
                    new ObjectIndexTable(storage.database()), Duration.ofDays(7), CLOCK);
            assertThat(retention.sweep()).isEqualTo(1);
            assertThat(storage.objectIndex().page("b", null, 10)).extracting(ObjectIndex.Entry::key).containsExactly("recent");
            assertThat(storage.objectIndex().indexingSince("b")).contains(NOW.minus(Duration.ofDays(7)));
        }
    }

    @Test
    void aStoreFromBeforeTheIndexIndexesItsBucketsWithRulesFromTheUpgrade() throws Exception {
        try (SqliteStorage storage = SqliteStorage.open(dir, 64, Duration.ofDays(7), CLOCK)) {
            storage.rules().save("b", "bos", "{}", 0, null, 0);
            storage.database().writer().execute(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("DROP TABLE indexed_buckets");
                    st.execute("DROP TABLE object_index");
                }
                return null;
            });
        }
        Instant before = Instant.now().minusSeconds(2); // the upgrade time has whole seconds
        try (SqliteStorage storage = SqliteStorage.open(dir, 64, Duration.ofDays(7), CLOCK)) {
            assertThat(storage.objectIndex().indexingSince("b")).hasValueSatisfying(t -> assertThat(t).isAfter(before));
        }
    }
}
