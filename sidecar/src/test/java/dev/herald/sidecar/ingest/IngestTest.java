package dev.herald.sidecar.ingest;

import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.Producer;
import dev.herald.dialects.ReadCredentials;
import dev.herald.dialects.bos.BosDialect;
import dev.herald.dialects.bos.BosSettings;
import dev.herald.dialects.ks3.Ks3Dialect;
import dev.herald.dialects.qingstor.QingStorDialect;
import dev.herald.dialects.qingstor.QingStorSettings;
import dev.herald.sidecar.backend.ObjectEnricher;
import dev.herald.sidecar.backend.ReadCredentialSource;
import dev.herald.sidecar.backend.WiredBuckets;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.net.TargetGuard;
import dev.herald.sidecar.routing.BusRouter;
import dev.herald.sidecar.routing.EventRouter;
import dev.herald.sidecar.routing.Rules;
import dev.herald.sidecar.storage.RoutedEvent;
import dev.herald.sidecar.storage.sqlite.SqliteStorage;
import dev.herald.sidecar.testing.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import dev.herald.sidecar.tracing.Tracing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From decoded events to what is logged and admitted: each event routed once (matched, enriched
 * only when it matched, given credentials only when a matched dialect wants them, rendered once),
 * logged with its deliveries and jobs in one commit, a resend acknowledged and not routed again.
 */
class IngestTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    /** The rules as each dialect stores them (what its config API writes). */
    private static final String BOS_RULES = """
            {"notifications":[{"id":"r1","appId":"a","status":"enabled","resources":["/images/"],"events":["PutObject"],
            "apps":[{"id":"a","eventUrl":"http://127.0.0.1:9/bos","deliveryUrl":"http://127.0.0.1:9/bos"}]}]}""";
    private static final String KS3_RULES = """
            {"Notifications":[{"RuleId":"k1","Method":"POST","Events":["ks3:ObjectCreated:*"],
            "Destinations":[{"DestType":"Endpoint","CallbackUrl":"http://127.0.0.1:9/ks3"}]}]}""";
    private static final String QINGSTOR_IMAGE = """
            {"notifications":[{"id":"img","event_types":["create_object"],"object_filters":["*.png"],"cloudfunc":"image",
            "cloudfunc_args":{"action":"info","save_bucket":"photos","key_prefix":"out","key_seprate":"/"}}]}""";

    @TempDir
    Path dir;
    SqliteStorage storage;
    Rules rules;
    final List<RoutedEvent> committed = new ArrayList<>();
    boolean dispatcherBroken;
    final AtomicInteger enriched = new AtomicInteger();
    final AtomicInteger credentialsAsked = new AtomicInteger();
    Ingest ingest;

    @BeforeEach
    void open() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        storage = SqliteStorage.open(dir, 64, Duration.ofDays(7), clock);
        List<NotificationDialect> dialects = List.of(new BosDialect(new BosSettings(null, Map.of(), null)), new Ks3Dialect(),
                new QingStorDialect(QingStorSettings.defaults()));
        rules = new Rules(storage.rules(), dialects, clock, 1 << 20, WiredBuckets.NONE);
        ObjectEnricher enricher = new ObjectEnricher() {
            @Override
            public boolean needs(ObjectEvent event) {
                return event.contentType() == null;
            }

            @Override
            public ObjectEvent enrich(ObjectEvent event) {
                enriched.incrementAndGet();
                return event.enriched("image/png", event.size(), NOW, "STANDARD");
            }
        };
        ReadCredentialSource credentials = new ReadCredentialSource() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Optional<ReadCredentials> forObject(String bucket, String key) {
                credentialsAsked.incrementAndGet();
                return Optional.of(new ReadCredentials("AK-T", "SK-T", "token-t", NOW.plusSeconds(3600)));
            }

            @Override
            public void close() {
            }
        };
        BusRouter buses = new BusRouter(TestConfig.of("""
                eventBus:
                  buses:
                    - { id: eb-1, buckets: [photos], rules: [ { name: all, pattern: { source: [ { exists: true } ] }, targets: [ { url: "http://127.0.0.1:9/bus" } ] } ] }
                """).eventBus().buses(), new TargetGuard(true));
        EventRouter router = new EventRouter(rules, buses, dialects, enricher, credentials, clock);
        ingest = new Ingest(router, buses, storage.events(), fresh -> {
            committed.addAll(fresh);
            if (dispatcherBroken) {
                throw new IllegalStateException("the dispatcher broke");
            }
        }, new HeraldMetrics(), Tracing.OFF, clock);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void aFailureAfterTheCommitDoesNotTurnTheStoredEventIntoARefusal() {
        rules.save("docs", "bos", BOS_RULES);
        dispatcherBroken = true;
        Ingest.Result r = ingest.acceptObjects(List.of(put("docs", "images/a.png", "e1")));
        assertThat(r).isEqualTo(new Ingest.Result(1, 0, 1));
        assertThat(ingest.acceptObjects(List.of(put("docs", "images/a.png", "e1")))).as("a resend is a duplicate")
                .isEqualTo(new Ingest.Result(0, 1, 0));
    }

    @Test
    void anEventNothingMatchesIsLoggedButNotEnrichedNorGivenCredentials() {
        rules.save("docs", "bos", BOS_RULES);
        Ingest.Result r = ingest.acceptObjects(List.of(put("docs", "notes/a.txt", "e1")));
        assertThat(r).isEqualTo(new Ingest.Result(1, 0, 0));
        assertThat(enriched).hasValue(0);
        assertThat(credentialsAsked).hasValue(0);
        assertThat(committed).singleElement().satisfies(e -> assertThat(e.deliveries()).isEmpty());
    }

    @Test
    void aMatchedEventIsEnrichedOnceGivenCredentialsOnceAndRenderedFromTheFinalEvent() {
        rules.save("docs", "bos", BOS_RULES);
        rules.save("docs", "ks3", KS3_RULES);
        Ingest.Result r = ingest.acceptObjects(List.of(put("docs", "images/a.png", "e1")));
        assertThat(r).isEqualTo(new Ingest.Result(1, 0, 2));
        assertThat(enriched).as("one HeadObject for both dialects").hasValue(1);
        assertThat(credentialsAsked).as("BOS wants them, KS3 does not: asked once").hasValue(1);
        RoutedEvent logged = committed.getFirst();
        assertThat(logged.deliveries()).extracting(d -> d.push().dialect()).containsExactly("bos", "ks3");
        String bos = new String(logged.deliveries().getFirst().push().body(), StandardCharsets.UTF_8);
        assertThat(bos).contains("\"contentType\":\"image/png\"").contains("\"accessKeyId\":\"AK-T\"");
        assertThat(new String(logged.deliveries().get(1).push().body(), StandardCharsets.UTF_8))
                .contains("\"contentType\":\"image/png\"").doesNotContain("AK-T");
        assertThat(logged.deliveries()).allSatisfy(d -> {
            assertThat(d.seq()).as("stored: it has its queue position").isPositive();
            assertThat(d.orderKey()).isEqualTo("docs/images/a.png");
        });
    }

    @Test
    void aResendIsADuplicateAndIsNotRoutedOrDeliveredAgain() {
        rules.save("docs", "ks3", KS3_RULES);
        ingest.acceptObjects(List.of(put("docs", "a.png", "e1")));
        committed.clear();
        Ingest.Result again = ingest.acceptObjects(List.of(put("docs", "a.png", "e1"), put("docs", "b.png", "e2")));
        assertThat(again).isEqualTo(new Ingest.Result(1, 1, 1));
        assertThat(committed).extracting(RoutedEvent::id).containsExactly("e2");
        assertThat(storage.deliveries().pendingCount()).isEqualTo(2);
    }

    @Test
    void aPostedEventGoesToItsDialectsRulesOnlyAndNotToTheBus() {
        rules.save("photos", "bos", BOS_RULES);
        rules.save("photos", "ks3", KS3_RULES);
        assertThat(ingest.publish(List.of(put("photos", "images/a.png", "e1")), "bos")).isEqualTo(1);
        assertThat(committed.getFirst().deliveries()).extracting(d -> d.push().dialect()).containsExactly("bos");
        assertThat(ingest.acceptObjects(List.of(put("photos", "images/b.png", "e2"))).deliveries())
                .as("from a producer: every dialect and the bus the bucket publishes to").isEqualTo(3);
    }

    @Test
    void jobsAreLoggedWithTheirEventWhoseBodyIsKeptForThem() {
        rules.save("photos", "qingstor", QINGSTOR_IMAGE);
        ingest.acceptObjects(List.of(put("photos", "a.png", "e1"), put("photos", "a.txt", "e2")));
        assertThat(committed.getFirst().jobs()).singleElement().satisfies(j -> {
            assertThat(j.dialect()).isEqualTo("qingstor");
            assertThat(j.ruleId()).isEqualTo("img");
        });
        assertThat(storage.cloudfuncJobs().due(NOW.toEpochMilli(), 10)).singleElement().satisfies(j -> {
            assertThat(j.eventId()).isEqualTo("e1");
            assertThat(j.eventJson()).contains("\"key\":\"a.png\"");
        });
        assertThat(committed.get(1).body()).as("no job reads e2: only its identity is kept").isEmpty();
    }

    private static ObjectEvent put(String bucket, String key, String id) {
        return new ObjectEvent(id, Producer.MINIO, "ObjectCreated:Put", NOW, bucket, key, 10L, "etag", null, null, "1", "u",
                null, "req", "owner", null, Map.of());
    }
}
