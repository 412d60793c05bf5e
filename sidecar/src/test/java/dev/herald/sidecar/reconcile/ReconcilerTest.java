package dev.herald.sidecar.reconcile;

import dev.herald.adapter.backend.S3Backend;
import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.Producer;
import dev.herald.dialects.bos.BosDialect;
import dev.herald.dialects.bos.BosSettings;
import dev.herald.sidecar.backend.ObjectEnricher;
import dev.herald.sidecar.backend.ReadCredentialSource;
import dev.herald.sidecar.backend.WiredBuckets;
import dev.herald.sidecar.config.ReconcileConfig;
import dev.herald.sidecar.ingest.Ingest;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.net.TargetGuard;
import dev.herald.sidecar.routing.BusRouter;
import dev.herald.sidecar.routing.EventRouter;
import dev.herald.sidecar.routing.Rules;
import dev.herald.sidecar.storage.RoutedEvent;
import dev.herald.sidecar.storage.sqlite.SqliteStorage;
import dev.herald.sidecar.testing.MutableClock;
import dev.herald.sidecar.tracing.Tracing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A reconciliation from listing to logged events, through the real ingest path and store: a
 * listing of several pages, an object HeadObject no longer finds, a delete, the stable ids that
 * make a second run emit nothing, and the refusals.
 */
class ReconcilerTest {
    private static final Instant START = Instant.parse("2026-12-02T12:00:00Z");
    private static final String RULES = """
            {"notifications":[{"id":"r1","appId":"a","status":"enabled","resources":["/"],"events":["PutObject","DeleteObject"],
            "apps":[{"id":"a","eventUrl":"http://127.0.0.1:9/bos","deliveryUrl":"http://127.0.0.1:9/bos"}]}]}""";

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(START);
    final TreeMap<String, S3Backend.ListedObject> bucket = new TreeMap<>(KeyOrder::compare);
    final List<String> requests = new ArrayList<>();
    final List<RoutedEvent> committed = new ArrayList<>();
    SqliteStorage storage;
    Rules rules;
    Ingest ingest;
    Reconciler reconciler;

    @BeforeEach
    void open() {
        storage = SqliteStorage.open(dir, 64, Duration.ofDays(7), clock);
        List<NotificationDialect> dialects = List.of(new BosDialect(new BosSettings(null, Map.of(), null)));
        rules = new Rules(storage.rules(), dialects, clock, 100, WiredBuckets.NONE);
        rules.save("b", "bos", RULES);
        BusRouter buses = new BusRouter(List.of(), new TargetGuard(true));
        ingest = new Ingest(new EventRouter(rules, buses, dialects, ObjectEnricher.NONE, ReadCredentialSource.NONE, clock),
                buses, storage.events(), committed::addAll, new HeraldMetrics(), Tracing.OFF, clock);
        reconciler = new Reconciler(new Listing(), storage.objectIndex(), ingest, new ReconcileConfig(null, null, 1000.0),
                new HeraldMetrics(), clock, System::nanoTime);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    /** Pages of two keys; HeadObject answers for what is in the bucket (with content type and version). */
    private final class Listing implements BucketListing {
        @Override
        public S3Backend.ListingPage page(String name, String continuation, int pageSize) {
            requests.add("list " + continuation);
            List<S3Backend.ListedObject> page = (continuation == null ? bucket : bucket.tailMap(continuation, false))
                    .values().stream().limit(2).toList();
            boolean more = !page.isEmpty() && bucket.higherKey(page.getLast().key()) != null;
            return new S3Backend.ListingPage(page, more ? page.getLast().key() : null);
        }

        @Override
        public Optional<S3Backend.ObjectInfo> head(String name, String key) {
            requests.add("head " + key);
            return Optional.ofNullable(bucket.get(key)).filter(o -> !o.key().startsWith("gone"))
                    .map(o -> new S3Backend.ObjectInfo("image/png", o.size(), o.lastModified(), "STANDARD", o.eTag(), "v-" + key));
        }
    }

    private void put(String key, String eTag) {
        bucket.put(key, new S3Backend.ListedObject(key, eTag, 7, clock.instant()));
    }

    private void seen(String key, String eTag) {
        ingest.acceptObjects(List.of(new ObjectEvent("ceph-" + key, Producer.CEPH, "ObjectCreated:Put", clock.instant(), "b", key,
                7L, eTag, null, null, null, "user", null, null, null, null, null)));
    }

    @Test
    void missingEventsGoThroughIngestOnceWithWhatTheListingAndHeadObjectTold() {
        clock.advance(Duration.ofMinutes(1));
        put("seen-kept", "e0");
        put("seen-deleted", "e1");
        seen("seen-kept", "e0");
        seen("seen-deleted", "e1");
        bucket.remove("seen-deleted");
        for (String key : List.of("a", "b c+d%", "gone-before-head", "中文")) {
            put(key, "etag-" + key);
        }
        committed.clear();
        clock.advance(Duration.ofMinutes(10));

        ReconcileRun run = reconciler.run("b", null);
        assertThat(run.listed()).isEqualTo(5);
        assertThat(run.createsEmitted()).isEqualTo(3);
        assertThat(run.deletesEmitted()).isEqualTo(1);
        assertThat(requests).containsExactly("list null", "head a", "head b c+d%", "list b c+d%", "head gone-before-head",
                "list seen-kept", "head 中文");
        assertThat(committed).extracting(e -> e.eventName() + " " + e.key()).containsExactlyInAnyOrder(
                "ObjectCreated:Put a", "ObjectCreated:Put b c+d%", "ObjectCreated:Put 中文", "ObjectRemoved:Delete seen-deleted");
        assertThat(committed).allSatisfy(e -> {
            assertThat(e.producer()).isEqualTo("reconcile");
            assertThat(e.id()).startsWith(ObjectEvent.RECONCILE_ID_PREFIX);
            assertThat(e.deliveries()).hasSize(1);
        });
        assertThat(new String(committed.stream().filter(e -> e.key().equals("a")).findFirst().orElseThrow()
                .deliveries().getFirst().push().body())).contains("\"contentType\":\"image/png\"", "\"eTag\":\"etag-a\"",
                "\"filesize\":7", "\"eventOrigin\":\"herald:reconcile\"");

        committed.clear();
        ReconcileRun again = reconciler.run("b", null);
        assertThat(again.createsEmitted() + again.deletesEmitted()).isZero();
        assertThat(committed).isEmpty();
        assertThat(reconciler.runs()).extracting(ReconcileRun::createsEmitted).containsExactly(0L, 3L);
    }

    @Test
    void aScheduledRoundReconcilesEveryBucketWithRules() {
        clock.advance(Duration.ofMinutes(1));
        put("late", "e");
        clock.advance(Duration.ofMinutes(10));
        new ReconcileSchedule(reconciler, rules, Duration.ofHours(1)).reconcileAll();
        assertThat(committed).extracting(RoutedEvent::key).containsExactly("late");
        assertThat(reconciler.runs()).extracting(ReconcileRun::bucket).containsExactly("b");
    }

    @Test
    void aBucketWithoutRulesIsRefused() {
        assertThatThrownBy(() -> reconciler.run("no-rules", null)).isInstanceOf(Reconciler.RefusedException.class)
                .hasMessageContaining("has no rules");
        assertThat(requests).isEmpty();
    }
}
