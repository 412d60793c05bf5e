package dev.herald.sidecar.reconcile;

import dev.herald.adapter.backend.S3Backend.ListedObject;
import dev.herald.sidecar.storage.ObjectIndex.Entry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ListingComparisonTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final Instant INDEXED_SINCE = NOW.minus(Duration.ofDays(1));
    private static final Instant HOUR_AGO = NOW.minus(Duration.ofHours(1));
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final List<String> found = new ArrayList<>();

    private void compare(Instant notBefore, List<ListedObject> listing, List<Entry> index) {
        new ListingComparison(CLOCK, Duration.ofMinutes(5), notBefore).compare(listing.iterator(), index.iterator(),
                new ListingComparison.Findings() {
                    @Override
                    public void missingCreate(ListedObject listed, Entry indexed) {
                        found.add("create " + listed.key() + " " + listed.eTag());
                    }

                    @Override
                    public void missingDelete(Entry indexed) {
                        found.add("delete " + indexed.key());
                    }
                });
    }

    private static ListedObject listed(String key, String eTag, Instant lastModified) {
        return new ListedObject(key, eTag, 10, lastModified);
    }

    private static Entry created(String key, String eTag, String versionId, Instant at) {
        return new Entry("b", key, eTag, versionId, at, false);
    }

    private static Entry removed(String key, Instant at) {
        return new Entry("b", key, null, null, at, true);
    }

    @Test
    void objectsTheIndexHasNoEventForAreMissingCreatesInKeyOrder() {
        compare(INDEXED_SINCE, List.of(listed("a", "e1", HOUR_AGO), listed("b", "e2", HOUR_AGO), listed("c", "e3", HOUR_AGO)),
                List.of(created("b", "e2", null, HOUR_AGO)));
        assertThat(found).containsExactly("create a e1", "create c e3");
    }

    @Test
    void anObjectOverwrittenWithANewETagIsAMissingCreate() {
        compare(INDEXED_SINCE, List.of(listed("k", "new", HOUR_AGO)), List.of(created("k", "old", null, HOUR_AGO.minusSeconds(60))));
        assertThat(found).containsExactly("create k new");
    }

    @Test
    void objectsSeenCreatedAndAbsentAreMissingDeletesButRemovedOnesAreNot() {
        compare(INDEXED_SINCE, List.of(listed("b", "e", HOUR_AGO)),
                List.of(created("a", "e", null, HOUR_AGO), created("b", "e", null, HOUR_AGO), removed("c", HOUR_AGO),
                        created("d", "e", null, HOUR_AGO)));
        assertThat(found).containsExactly("delete a", "delete d");
    }

    @Test
    void theGraceWindowLeavesRecentChangesAlone() {
        Instant justNow = NOW.minus(Duration.ofMinutes(4));
        Instant beforeGrace = NOW.minus(Duration.ofMinutes(6));
        compare(INDEXED_SINCE, List.of(listed("fresh", "e", justNow), listed("older", "e", beforeGrace)),
                List.of(created("fresh-gone", "e", null, justNow), created("older-gone", "e", null, beforeGrace)));
        assertThat(found).containsExactly("create older e", "delete older-gone");
    }

    @Test
    void objectsOlderThanTheIndexArePreExistingUnlessSinceAsksForThem() {
        Instant twoDaysAgo = NOW.minus(Duration.ofDays(2));
        List<ListedObject> listing = List.of(listed("old", "e", twoDaysAgo), listed("new", "e", HOUR_AGO));
        compare(INDEXED_SINCE, listing, List.of());
        assertThat(found).containsExactly("create new e");
        found.clear();
        compare(NOW.minus(Duration.ofDays(3)), listing, List.of());
        assertThat(found).containsExactly("create old e", "create new e");
    }

    @Test
    void versionedBucketADeleteMarkerHidesTheKeyAndARestoredVersionIsACreate() {
        compare(INDEXED_SINCE, List.of(listed("restored", "v1etag", HOUR_AGO), listed("same", "e", HOUR_AGO),
                        listed("versioned", "v2etag", HOUR_AGO)),
                List.of(removed("marker", HOUR_AGO), removed("restored", HOUR_AGO.plusSeconds(1)),
                        created("same", "e", "v7", HOUR_AGO), created("versioned", "v1etag", "v1", HOUR_AGO.minusSeconds(9))));
        assertThat(found).containsExactly("create restored v1etag", "create versioned v2etag");
    }

    @Test
    void withoutAnIndexedETagOnlyALaterLastModifiedIsACreate() {
        compare(INDEXED_SINCE, List.of(listed("later", "e", HOUR_AGO), listed("same", "e", HOUR_AGO)),
                List.of(created("later", null, null, HOUR_AGO.minusSeconds(30)), created("same", null, null, HOUR_AGO)));
        assertThat(found).containsExactly("create later e");
    }

    @Test
    void keysMergeInUtf8OrderNotUtf16Order() {
        // U+FF5E sorts before U+1F600 in UTF-8 (and in code points), after it in UTF-16 units.
        String bmp = "\uFF5E";
        String astral = "\uD83D\uDE00";
        compare(INDEXED_SINCE, List.of(listed(bmp, "e", HOUR_AGO), listed(astral, "e", HOUR_AGO)),
                List.of(created(bmp, "e", null, HOUR_AGO), created(astral, "e", null, HOUR_AGO)));
        assertThat(found).isEmpty();
    }
}
