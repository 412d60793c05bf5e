package dev.herald.dialects.ks3;

import dev.herald.dialects.CompiledRules;
import dev.herald.dialects.EventNames;
import dev.herald.dialects.FailureReports.ReportTarget;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.PushBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.herald.dialects.ks3.Ks3TestEvents.cephDelete;
import static dev.herald.dialects.ks3.Ks3TestEvents.minioPut;
import static dev.herald.dialects.ks3.Ks3TestEvents.minio;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ks3DialectTest {
    private static final String HOOK = "http://198.51.100.1:8080/ks3?ak=x";
    private final Ks3Dialect dialect = new Ks3Dialect();

    /** One rule on {@code test-bucket}: {@code events} as JSON list items, {@code resources} as a JSON list or null. */
    private static String rule(String ruleId, String method, String events, String resources) {
        return "{\"RuleId\":\"" + ruleId + "\"" + (method == null ? "" : ",\"Method\":\"" + method + "\"")
                + ",\"Events\":[" + events + "]" + (resources == null ? "" : ",\"Resources\":" + resources)
                + ",\"Destinations\":[{\"DestType\":\"Endpoint\",\"CallbackUrl\":\"" + HOOK + "\"}]}";
    }

    private static String rules(String... rules) {
        return "{\"Notifications\":[" + String.join(",", rules) + "]}";
    }

    private List<OutboundPush> route(String storedRules, ObjectEvent event) {
        return dialect.compile(event.bucket(), storedRules).match(event).render(event);
    }

    private List<String> firedRules(String storedRules, ObjectEvent event) {
        return route(storedRules, event).stream().map(OutboundPush::ruleId).toList();
    }

    private static String body(OutboundPush push) {
        return new String(push.body(), StandardCharsets.UTF_8);
    }

    @Test
    void identity() {
        assertThat(dialect.id()).isEqualTo("ks3").isEqualTo(Ks3Dialect.ID);
    }

    // --- matching ---

    @ParameterizedTest(name = "{0} on ''{1}'': {2}")
    @CsvSource(delimiter = '|', value = {
            "[{\"Prefix\":\"images/\"}]                    | images/photo 1.jpg | true",
            "[{\"Prefix\":\"images/\"}]                    | docs/readme.txt    | false",
            "[{\"Suffix\":\".jpg\"}]                       | a/b/photo.jpg      | true",
            "[{\"Suffix\":\".jpg\"}]                       | a/b/photo.png      | false",
            "[{\"Prefix\":\"images/\",\"Suffix\":\".jpg\"}] | images/photo.jpg   | true",
            "[{\"Prefix\":\"images/\",\"Suffix\":\".jpg\"}] | images/photo.png   | false",
            "[{\"Prefix\":\"images/\",\"Suffix\":\".jpg\"}] | docs/photo.jpg     | false",
            "[{\"Prefix\":\"a/\"},{\"Suffix\":\".png\"}]    | b/c.png            | true",
            "[{\"Prefix\":\"\",\"Suffix\":\"\"}]           | anything/at/all    | true",
            "[{}]                                          | anything/at/all    | true",
            "[]                                            | anything/at/all    | true"})
    void resourcesSelectKeys(String resources, String key, boolean fires) {
        String stored = rules(rule("r", null, "\"ks3:ObjectCreated:PutObject\"", resources));
        assertThat(firedRules(stored, minio(EventNames.CREATED_PUT, key))).hasSize(fires ? 1 : 0);
    }

    @Test
    void aRuleWithoutResourcesCoversTheWholeBucket() {
        String stored = rules(rule("r", null, "\"ks3:ObjectCreated:PutObject\"", null));
        assertThat(firedRules(stored, minioPut())).containsExactly("r");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "ObjectCreated:Put,                     ks3:ObjectCreated:PutObject",
            "ObjectCreated:Post,                    ks3:ObjectCreated:PostObject",
            "ObjectCreated:Copy,                    ks3:ObjectCreated:CopyObject",
            "ObjectCreated:CompleteMultipartUpload, ks3:ObjectCreated:CompleteMultipartUpload",
            "ObjectRemoved:Delete,                  ks3:ObjectRemoved:DeleteObject",
            "ObjectRemoved:DeleteMarkerCreated,     ks3:ObjectRemoved:DeleteObject",
            "ObjectRemoved:DeleteAllVersions,       ks3:ObjectRemoved:DeleteObject"})
    void canonicalEventsFireTheirKs3EventAndItsWildcard(String canonical, String ks3Event) {
        ObjectEvent event = minio(canonical, "k");
        String wildcard = ks3Event.startsWith("ks3:ObjectCreated:") ? "ks3:ObjectCreated:*" : "ks3:ObjectRemoved:*";
        assertThat(firedRules(rules(rule("exact", null, "\"" + ks3Event + "\"", null)), event)).containsExactly("exact");
        assertThat(firedRules(rules(rule("wild", null, "\"" + wildcard + "\"", null)), event)).containsExactly("wild");
        assertThat(body(route(rules(rule("exact", null, "\"" + ks3Event + "\"", null)), event).getFirst()))
                .contains("\"eventName\":\"" + ks3Event + "\"");
        assertThat(dialect.reportedEventName(canonical)).isEqualTo(ks3Event);
    }

    @Test
    void aRuleOnlyFiresForItsEvents() {
        String putsOnly = rules(rule("puts", null, "\"ks3:ObjectCreated:PutObject\"", null));
        assertThat(firedRules(putsOnly, minio(EventNames.CREATED_COPY, "k"))).isEmpty();
        assertThat(firedRules(putsOnly, minio(EventNames.REMOVED_DELETE, "k"))).isEmpty();
        String removals = rules(rule("removals", null, "\"ks3:ObjectRemoved:*\"", null));
        assertThat(firedRules(removals, minioPut())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ObjectCreated:PutTagging", "ObjectCreated:DeleteTagging", "ObjectCreated:PutRetention",
            "ObjectCreated:Append", "ObjectCreated:Fetch", "ObjectRemoved:DeleteMultiple", "LifecycleExpiration:Delete",
            "Replication:OperationFailedReplication", "ObjectRestore:Completed"})
    void eventsKs3HasNoNameForNotifyNobody(String canonical) {
        String everything = rules(rule("all", null, "\"ks3:ObjectCreated:*\",\"ks3:ObjectRemoved:*\"", null));
        assertThat(route(everything, minio(canonical, "k"))).isEmpty();
        assertThat(dialect.reportedEventName(canonical)).isEqualTo(canonical);
    }

    @Test
    void everyMatchingRuleFiresToEveryDestinationInOrder() {
        // Validation refuses such overlapping rules, but compiling stored rules does not re-validate them.
        String twoHooks = "{\"RuleId\":\"first\",\"Method\":\"PUT\",\"Events\":[\"ks3:ObjectCreated:*\"],\"Destinations\":["
                + "{\"DestType\":\"Endpoint\",\"CallbackUrl\":\"http://198.51.100.1/a\"},"
                + "{\"DestType\":\"EndPoint\",\"CallbackUrl\":\"https://198.51.100.2/b\"}]}";
        String stored = rules(twoHooks, rule("second", null, "\"ks3:ObjectCreated:PutObject\"", "[{\"Prefix\":\"images/\"}]"),
                rule("third", null, "\"ks3:ObjectCreated:PutObject\"", "[{\"Prefix\":\"docs/\"}]"));
        List<OutboundPush> pushes = route(stored, minioPut());
        assertThat(pushes).extracting(OutboundPush::ruleId, OutboundPush::targetUrl, OutboundPush::method).containsExactly(
                org.assertj.core.groups.Tuple.tuple("first", "http://198.51.100.1/a", "PUT"),
                org.assertj.core.groups.Tuple.tuple("first", "https://198.51.100.2/b", "PUT"),
                org.assertj.core.groups.Tuple.tuple("second", HOOK, "POST"));
        assertThat(body(pushes.get(0))).isEqualTo(body(pushes.get(1))).contains("\"configurationId\":\"first\"");
        assertThat(body(pushes.get(2))).contains("\"configurationId\":\"second\"");
    }

    @ParameterizedTest
    @CsvSource(value = {"PUT, PUT", "POST, POST", "NULL, POST"}, nullValues = "NULL")
    void pushesUseTheRulesMethodPostByDefault(String method, String pushed) {
        String stored = rules(rule("r", method, "\"ks3:ObjectCreated:PutObject\"", null));
        assertThat(route(stored, minioPut())).extracting(OutboundPush::method).containsExactly(pushed);
    }

    @Test
    void eventsOfOtherBucketsAndEmptyRuleSetsNotifyNobody() {
        String stored = rules(rule("r", null, "\"ks3:ObjectCreated:*\"", null));
        assertThat(dialect.compile("other-bucket", stored).match(minioPut()).render(minioPut())).isEmpty();
        assertThat(route(rules(), minioPut())).isEmpty();
    }

    @Test
    void unreadableStoredRulesAreRefusedWhenCompiled() {
        assertThatThrownBy(() -> dialect.compile("b", "{not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("stored KS3 rules are not readable");
    }

    // --- the pushes ---

    @Test
    void aPushCarriesTheRulesDestinationUnsigned() {
        OutboundPush push = route(rules(rule("images", "PUT", "\"ks3:ObjectCreated:PutObject\"", null)), minioPut()).getFirst();
        assertThat(push.dialect()).isEqualTo("ks3");
        assertThat(push.bucket()).isEqualTo("test-bucket");
        assertThat(push.ruleId()).isEqualTo("images");
        assertThat(push.targetUrl()).isEqualTo(HOOK);
        assertThat(push.method()).isEqualTo("PUT");
        assertThat(push.contentType()).isEqualTo("application/json");
        assertThat(push.signingKey()).isNull();
        assertThat(push.eventId()).isEqualTo(nameUuid("ks3|minio-18EA6161015F97FE"));
        assertThat(dialect.pushHeaders(push, Instant.now())).isEqualTo(Map.of("Content-Type", "application/json"));
    }

    @Test
    void theMinioPutRendersExactly() {
        OutboundPush push = route(rules(rule("images", null, "\"ks3:ObjectCreated:*\"", "[{\"Prefix\":\"images/\"}]")), minioPut())
                .getFirst();
        assertThat(body(push)).isEqualTo(Ks3Requests.resource("push-minio-put.json").strip());
    }

    @Test
    void theCephDeleteRendersExactlyLeavingOutWhatCephDoesNotSend() {
        ObjectEvent delete = cephDelete();
        OutboundPush push = dialect.compile("ceph-bucket", rules(rule("deletes", null, "\"ks3:ObjectRemoved:DeleteObject\"", null)))
                .match(delete).render(delete).getFirst();
        assertThat(body(push)).isEqualTo(Ks3Requests.resource("push-ceph-delete.json").strip())
                .doesNotContain("contentType").doesNotContain("requestParameters").doesNotContain("userMetadata");
    }

    @Test
    void keysAreSentRawNotUrlEncoded() {
        String key = "a+b %2F c/ü \"q\".jpg";
        OutboundPush push = route(rules(rule("r", null, "\"ks3:ObjectCreated:PutObject\"", null)),
                minio(EventNames.CREATED_PUT, key)).getFirst();
        assertThat(body(push)).contains("\"key\":\"a+b %2F c/ü \\\"q\\\".jpg\"");
    }

    @Test
    void aRegionAndAVersionAreSentWhenKnown() {
        ObjectEvent e = minioPut();
        ObjectEvent versioned = new ObjectEvent(e.id(), e.producer(), e.eventName(), e.eventTime(), e.bucket(), e.key(), null,
                null, null, "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", null, null, null, null, null, "cn-beijing-6", null);
        String json = body(route(rules(rule("r", null, "\"ks3:ObjectCreated:PutObject\"", null)), versioned).getFirst());
        assertThat(json).contains("\"awsRegion\":\"cn-beijing-6\"")
                .contains("\"object\":{\"key\":\"images/photo 1.jpg\",\"versionId\":\"3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY\"}}")
                .doesNotContain("userIdentity").doesNotContain("responseElements").doesNotContain("ownerIdentity");
    }

    @Test
    void deliveryIdsAreStablePerEventRuleDestinationAndUrl() {
        String twoHooks = "{\"RuleId\":\"r\",\"Events\":[\"ks3:ObjectCreated:*\"],\"Destinations\":["
                + "{\"DestType\":\"Endpoint\",\"CallbackUrl\":\"http://198.51.100.1/a\"},"
                + "{\"DestType\":\"Endpoint\",\"CallbackUrl\":\"http://198.51.100.1/a\"}]}";
        CompiledRules compiled = dialect.compile("test-bucket", rules(twoHooks));
        List<OutboundPush> first = compiled.match(minioPut()).render(minioPut());
        List<OutboundPush> again = dialect.compile("test-bucket", rules(twoHooks)).match(minioPut()).render(minioPut());
        assertThat(first).extracting(OutboundPush::deliveryId).containsExactly(
                nameUuid("ks3|minio-18EA6161015F97FE|r|0|http://198.51.100.1/a"),
                nameUuid("ks3|minio-18EA6161015F97FE|r|1|http://198.51.100.1/a"));
        assertThat(again).extracting(OutboundPush::deliveryId).isEqualTo(first.stream().map(OutboundPush::deliveryId).toList());
        assertThat(first).extracting(OutboundPush::eventId).containsOnly(nameUuid("ks3|minio-18EA6161015F97FE"));
        assertThat(compiled.match(minio(EventNames.CREATED_COPY, "k")).render(minio(EventNames.CREATED_COPY, "k")).getFirst().deliveryId())
                .as("a different event id would differ; the same id with another name is the same occurrence")
                .isEqualTo(first.getFirst().deliveryId());
    }

    @ParameterizedTest
    @CsvSource({"200, true", "201, true", "204, true", "299, true", "199, false", "301, false", "404, false", "500, false"})
    void anyTwoHundredIsASuccess(int status, boolean success) {
        assertThat(dialect.isSuccess(status)).isEqualTo(success);
    }

    // --- failure reports ---

    @Test
    void theReportTargetIsTheRulesReportBucketAndPrefix() {
        String withPrefix = "{\"RuleId\":\"a\",\"Events\":[\"ks3:ObjectCreated:*\"],\"Destinations\":[],"
                + "\"Report\":{\"ReportType\":\"failed\",\"Enabled\":\"true\",\"Bucket\":\"reports\",\"Prefix\":\"ks3/failed/\"}}";
        String withoutPrefix = "{\"RuleId\":\"b\",\"Events\":[\"ks3:ObjectRemoved:*\"],\"Destinations\":[],"
                + "\"Report\":{\"ReportType\":\"failed\",\"Enabled\":true,\"Bucket\":\"reports\"}}";
        String disabled = "{\"RuleId\":\"c\",\"Events\":[],\"Destinations\":[],"
                + "\"Report\":{\"ReportType\":\"failed\",\"Enabled\":false,\"Bucket\":\"reports\"}}";
        String stored = rules(withPrefix, withoutPrefix, disabled, rule("d", null, "\"ks3:ObjectCreated:PutObject\"", null));
        assertThat(dialect.reportTarget(stored, "a")).contains(new ReportTarget("reports", "ks3/failed/"));
        assertThat(dialect.reportTarget(stored, "b")).contains(new ReportTarget("reports", ""));
        assertThat(dialect.reportTarget(stored, "c")).isEmpty();
        assertThat(dialect.reportTarget(stored, "d")).isEmpty();
        assertThat(dialect.reportTarget(stored, "gone")).isEqualTo(Optional.empty());
    }

    private static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    // --- batched pushes ---

    @Test
    void aBatchIsOneRecordsList() {
        String stored = rules(rule("r1", "PUT", "\"ks3:ObjectCreated:*\"", null));
        OutboundPush a = route(stored, minioPut()).getFirst();
        OutboundPush b = route(stored, minio("ObjectCreated:Put", "images/b.jpg")).getFirst();
        assertThat(dialect.batching().batchable(a)).isTrue();

        OutboundPush batch = dialect.batching().batch(PushBatch.of(List.of(a, b)));

        assertThat(body(batch)).isEqualTo(Ks3Requests.resource("push-batch.json").strip());
        assertThat(batch.method()).isEqualTo("PUT");
        assertThat(batch.contentType()).isEqualTo("application/json");
    }
}
