package dev.herald.dialects.qingstor;

import dev.herald.dialects.EventNames;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.PushBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.herald.dialects.qingstor.QingStorFixtures.ceph;
import static dev.herald.dialects.qingstor.QingStorFixtures.cephPut;
import static dev.herald.dialects.qingstor.QingStorFixtures.minio;
import static dev.herald.dialects.qingstor.QingStorFixtures.minioDelete;
import static dev.herald.dialects.qingstor.QingStorFixtures.minioPut;
import static dev.herald.dialects.qingstor.QingStorFixtures.withMetadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QingStorDialectTest {
    private static final String HOOK = "http://198.51.100.1:8080/qs";
    private static final String DONE = "http://198.51.100.1:8080/done";
    private final QingStorDialect dialect = new QingStorDialect(QingStorSettings.defaults());

    /** A notifier rule: {@code eventTypes} and {@code filters} as JSON values, filters left out when null. */
    private static String notifier(String id, String eventTypes, String filters) {
        return "{\"id\":\"" + id + "\",\"event_types\":" + eventTypes + (filters == null ? "" : ",\"object_filters\":" + filters)
                + ",\"cloudfunc\":\"notifier\",\"notify_url\":\"" + HOOK + "\"}";
    }

    private static String image(String id, String args, String notifyUrl) {
        return "{\"id\":\"" + id + "\",\"event_types\":[\"create_object\",\"complete_multipart\",\"delete_object\"],"
                + "\"cloudfunc\":\"image\",\"cloudfunc_args\":" + args
                + (notifyUrl == null ? "" : ",\"notify_url\":\"" + notifyUrl + "\"") + "}";
    }

    private static String tupu(String id, String filters) {
        return "{\"id\":\"" + id + "\",\"event_types\":[\"create_object\"],\"object_filters\":" + filters
                + ",\"cloudfunc\":\"tupu-porn\",\"notify_url\":\"" + DONE + "\"}";
    }

    private static String rules(String... rules) {
        return "{\"notifications\":[" + String.join(",", rules) + "]}";
    }

    private List<OutboundPush> route(String storedRules, ObjectEvent event) {
        return dialect.compile(event.bucket(), storedRules).match(event).render(event);
    }

    private List<CloudfuncJob> jobs(String storedRules, ObjectEvent event) {
        return dialect.compile(event.bucket(), storedRules).cloudfuncJobs(event);
    }

    private static String body(OutboundPush push) {
        return new String(push.body(), StandardCharsets.UTF_8);
    }

    @Test
    void identityAndDelivery() {
        assertThat(dialect.id()).isEqualTo("qingstor").isEqualTo(QingStorDialect.ID);
        assertThat(dialect.isSuccess(200)).isTrue();
        assertThat(dialect.isSuccess(204)).isTrue();
        assertThat(dialect.isSuccess(299)).isTrue();
        assertThat(dialect.isSuccess(302)).isFalse();
        assertThat(dialect.isSuccess(500)).isFalse();
        OutboundPush push = route(rules(notifier("images", "[\"create_object\"]", null)), minioPut()).getFirst();
        assertThat(dialect.pushHeaders(push, Instant.now())).containsOnly(Map.entry("Content-Type", "application/json"));
    }

    // --- the notifier message, byte for byte ---

    @Test
    void minioPutMessage() {
        List<OutboundPush> pushes = route(rules(notifier("images", "[\"create_object\"]", "[\"images/*\"]")), minioPut());
        assertThat(pushes).hasSize(1);
        OutboundPush push = pushes.getFirst();
        assertThat(body(push)).isEqualTo(QingStorFixtures.resource("push-minio-put.json").trim());
        assertThat(push.method()).isEqualTo("POST");
        assertThat(push.contentType()).isEqualTo("application/json");
        assertThat(push.signingKey()).isNull();
        assertThat(push.headers()).isEmpty();
        assertThat(push.targetUrl()).isEqualTo(HOOK);
        assertThat(push.dialect()).isEqualTo("qingstor");
        assertThat(push.bucket()).isEqualTo("test-bucket");
        assertThat(push.ruleId()).isEqualTo("images");
        assertThat(push.eventId()).isEqualTo("18EA616101562ACA");
        assertThat(push.deliveryId()).isEqualTo(UUID.nameUUIDFromBytes(
                ("qingstor|minio-18EA6161015F97FE|images|" + HOOK).getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Test
    void cephPutMessageWithAConfiguredZone() {
        QingStorDialect pek3a = new QingStorDialect(new QingStorSettings("pek3a", null));
        List<OutboundPush> pushes = pek3a.compile("ceph-bucket", rules(notifier("images", "\"create_object\"", "\"images/*\"")))
                .match(cephPut()).render(cephPut());
        assertThat(pushes).extracting(QingStorDialectTest::body)
                .containsExactly(QingStorFixtures.resource("push-ceph-put.json").trim());
    }

    @Test
    void unknownValuesAreEmptyStringsAndZeroNeverLeftOut() {
        List<OutboundPush> pushes = route(rules(notifier("all", "[\"delete_object\"]", null)), minioDelete());
        assertThat(pushes).extracting(QingStorDialectTest::body)
                .containsExactly(QingStorFixtures.resource("push-minio-delete.json").trim());
        ObjectEvent anonymous = new ObjectEvent("x", minioPut().producer(), EventNames.CREATED_PUT, minioPut().eventTime(),
                "test-bucket", "k", null, null, null, null, null, null, null, null, null, null, null);
        assertThat(body(route(rules(notifier("all", "[\"create_object\"]", null)), anonymous).getFirst()))
                .contains("\"user_identify\":{\"principal_id\":\"\"},\"response_elements\":{\"request_id\":\"\"}")
                .contains("\"object\":{\"name\":\"k\",\"etag\":\"\",\"size\":0}");
    }

    @Test
    void theObjectNameIsTheRawKey() {
        ObjectEvent event = minio(EventNames.CREATED_PUT, "dir/a+b c%2F&\"q\"/水.jpg");
        assertThat(body(route(rules(notifier("all", "[\"create_object\"]", null)), event).getFirst()))
                .contains("\"object\":{\"name\":\"dir/a+b c%2F&\\\"q\\\"/水.jpg\",");
    }

    // --- event types ---

    @ParameterizedTest(name = "{0} → {1} / {2}")
    @CsvSource({
            "ObjectCreated:Put,                     create_object,      create_object",
            "ObjectCreated:Post,                    create_object,      create_object",
            "ObjectCreated:Copy,                    create_object,      create_object",
            "ObjectCreated:CompleteMultipartUpload, complete_multipart, complete_upload",
            "ObjectRemoved:Delete,                  delete_object,      delete_object",
            "ObjectRemoved:DeleteMarkerCreated,     delete_object,      delete_object",
            "ObjectRemoved:DeleteAllVersions,       delete_object,      delete_object"})
    void backendEventsMapToQingStorTypes(String canonical, String ruleType, String messageType) {
        ObjectEvent event = minio(canonical, "k");
        String all = rules(notifier("every", "[\"create_object\",\"delete_object\",\"abort_multipart\",\"complete_multipart\"]", null));
        assertThat(route(all, event)).extracting(QingStorDialectTest::body)
                .singleElement().asString().contains("\"event_type\":\"" + messageType + "\"");
        assertThat(route(rules(notifier("only", "[\"" + ruleType + "\"]", null)), event)).hasSize(1);
        List<String> others = QingStorEventTypes.RULE_TYPES.stream().filter(t -> !t.equals(ruleType)).toList();
        for (String other : others) {
            assertThat(route(rules(notifier("other", "[\"" + other + "\"]", null)), event)).as(other).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ObjectCreated:PutTagging", "ObjectCreated:DeleteTagging", "ObjectCreated:PutRetention",
            "ObjectCreated:PutLegalHold", "ObjectCreated:Append", "ObjectRemoved:DeleteMultiple",
            "LifecycleExpiration:Delete", "ObjectSynced:Create"})
    void eventsWithoutAQingStorTypeFireNothing(String canonical) {
        String all = rules(notifier("every", "[\"create_object\",\"delete_object\",\"abort_multipart\",\"complete_multipart\"]", null));
        assertThat(route(all, minio(canonical, "k"))).isEmpty();
    }

    @Test
    void abortMultipartIsAcceptedButNeverFires() {
        String abort = rules(notifier("aborts", "[\"abort_multipart\"]", null));
        for (String canonical : List.of(EventNames.CREATED_PUT, EventNames.CREATED_COMPLETE_MULTIPART, EventNames.REMOVED_DELETE)) {
            assertThat(route(abort, minio(canonical, "k"))).isEmpty();
        }
    }

    // --- matching ---

    @ParameterizedTest(name = "{0} on ''{1}'': {2}")
    @CsvSource(delimiter = '|', value = {
            "[\"*\"]                  | images/photo 1.jpg | true",
            "[\"*.jpg\"]              | images/photo 1.jpg | true",
            "[\"*.png\"]              | images/photo 1.jpg | false",
            "[\"*.png\",\"images/*\"] | images/photo 1.jpg | true",
            "\"images/photo ?.jpg\"   | images/photo 1.jpg | true",
            "[]                       | images/photo 1.jpg | true",
            "[\"docs/*\"]             | images/photo 1.jpg | false"})
    void filtersSelectObjects(String filters, String key, boolean fires) {
        assertThat(route(rules(notifier("r", "[\"create_object\"]", filters)), minio(EventNames.CREATED_PUT, key)))
                .hasSize(fires ? 1 : 0);
    }

    @Test
    void everyMatchingRuleFiresInRuleOrder() {
        String stored = rules(notifier("jpgs", "[\"create_object\"]", "[\"*.jpg\"]"),
                notifier("pngs", "[\"create_object\"]", "[\"*.png\"]"),
                notifier("images", "[\"create_object\"]", "[\"images/*\"]"),
                notifier("deletes", "[\"delete_object\"]", null));
        List<OutboundPush> pushes = route(stored, minioPut());
        assertThat(pushes).extracting(OutboundPush::ruleId).containsExactly("jpgs", "images");
        assertThat(pushes).extracting(QingStorDialectTest::body).allSatisfy(b -> assertThat(b).contains("\"event_type\":\"create_object\""));
        assertThat(body(pushes.get(1))).contains("\"notification_id\":\"images\"");
        assertThat(pushes.get(0).deliveryId()).isNotEqualTo(pushes.get(1).deliveryId());
    }

    @Test
    void deliveryIdsAreStableAcrossCompilesAndResends() {
        String stored = rules(notifier("images", "[\"create_object\"]", null));
        String first = route(stored, minioPut()).getFirst().deliveryId();
        assertThat(route(stored, minioPut()).getFirst().deliveryId()).isEqualTo(first);
        assertThat(new QingStorDialect(QingStorSettings.defaults()).compile("test-bucket", stored).match(minioPut()).render(minioPut())
                .getFirst().deliveryId()).isEqualTo(first);
        assertThat(route(stored.replace(HOOK, HOOK + "2"), minioPut()).getFirst().deliveryId()).isNotEqualTo(first);
        ObjectEvent anotherEvent = withMetadata(ceph(EventNames.CREATED_PUT, "images/photo 1.jpg"), Map.of());
        assertThat(dialect.compile("ceph-bucket", stored).match(anotherEvent).render(anotherEvent).getFirst().deliveryId()).isNotEqualTo(first);
    }

    @Test
    void eventsOfAnotherBucketFireNothing() {
        String stored = rules(notifier("all", "[\"create_object\"]", null));
        assertThat(dialect.compile("other-bucket", stored).match(minioPut()).render(minioPut())).isEmpty();
        assertThat(dialect.compile("other-bucket", rules(image("thumbs", "{\"action\":\"info\"}", null))).cloudfuncJobs(minioPut()))
                .isEmpty();
    }

    // --- cloudfunc rules: jobs, not pushes ---

    @Test
    void imageAndTupuRulesMakeJobsNotPushes() {
        String stored = rules(notifier("notify", "[\"create_object\"]", null),
                image("thumbs", "{\"action\":\"resize:w_100|format:t_png\"}", DONE),
                tupu("moderate", "[\"*.jpg\"]"));
        assertThat(route(stored, minioPut())).extracting(OutboundPush::ruleId).containsExactly("notify");
        List<CloudfuncJob> jobs = jobs(stored, minioPut());
        assertThat(jobs).hasSize(2);
        assertThat(jobs.get(0)).isEqualTo(new CloudfuncJob(
                UUID.nameUUIDFromBytes("qingstor-job|minio-18EA6161015F97FE|thumbs".getBytes(StandardCharsets.UTF_8)).toString(),
                "thumbs", QingStorCloudfunc.IMAGE, "test-bucket", "images/photo 1.jpg",
                QingStorImageAction.parse("resize:w_100|format:t_png"), "gen", "_", "test-bucket", "gen_images/photo 1.jpg", DONE));
        assertThat(jobs.get(1)).isEqualTo(new CloudfuncJob(
                UUID.nameUUIDFromBytes("qingstor-job|minio-18EA6161015F97FE|moderate".getBytes(StandardCharsets.UTF_8)).toString(),
                "moderate", QingStorCloudfunc.TUPU_PORN, "test-bucket", "images/photo 1.jpg",
                null, null, null, null, null, DONE));
        assertThat(jobs(stored, minioPut())).isEqualTo(jobs);
    }

    @Test
    void imageJobsUseTheRulesArguments() {
        String stored = rules(image("small", "{\"action\":\"info\",\"key_prefix\":\"small\",\"key_seprate\":\"/\","
                + "\"save_bucket\":\"thumbs\"}", null));
        CloudfuncJob job = jobs(stored, minio(EventNames.CREATED_COMPLETE_MULTIPART, "big/photo.tiff")).getFirst();
        assertThat(job.saveBucket()).isEqualTo("thumbs");
        assertThat(job.keyPrefix()).isEqualTo("small");
        assertThat(job.keySeparate()).isEqualTo("/");
        assertThat(job.resultKey()).isEqualTo("small/big/photo.tiff");
        assertThat(job.notifyUrl()).isNull();
        assertThat(job.action().isInfo()).isTrue();
    }

    @Test
    void deletedObjectsMakeNoJobs() {
        String stored = rules(image("thumbs", "{\"action\":\"info\"}", DONE));
        assertThat(jobs(stored, minioDelete())).isEmpty();
        assertThat(route(stored, minioDelete())).isEmpty();
    }

    @Test
    void anImageRuleIgnoresItsOwnResults() {
        String stored = rules(image("thumbs", "{\"action\":\"resize:w_100\"}", DONE), tupu("moderate", "[\"*\"]"));
        // The result of the first job, written back into the bucket, comes back as an event:
        ObjectEvent result = minio(EventNames.CREATED_PUT, "gen_images/photo 1.jpg");
        assertThat(jobs(stored, result)).extracting(CloudfuncJob::ruleId).containsExactly("moderate");
        // Keys that merely contain the prefix, or another rule's prefix, are sources as usual.
        assertThat(jobs(stored, minio(EventNames.CREATED_PUT, "images/gen_1.jpg"))).hasSize(2);
        assertThat(jobs(stored, minio(EventNames.CREATED_PUT, "gen-1.jpg"))).hasSize(2);
    }

    @Test
    void theKeyPrefixOnlyMarksResultsWhenTheyAreSavedIntoTheSameBucket() {
        String elsewhere = rules(image("thumbs", "{\"action\":\"resize:w_100\",\"save_bucket\":\"thumbs\"}", null));
        assertThat(jobs(elsewhere, minio(EventNames.CREATED_PUT, "gen_photo.jpg"))).hasSize(1);
        String explicitSame = rules(image("thumbs", "{\"action\":\"resize:w_100\",\"save_bucket\":\"test-bucket\"}", null));
        assertThat(jobs(explicitSame, minio(EventNames.CREATED_PUT, "gen_photo.jpg"))).isEmpty();
    }

    @Test
    void objectsHeraldGeneratedNeverTriggerImageRules() {
        String stored = rules(image("thumbs", "{\"action\":\"resize:w_100\",\"save_bucket\":\"thumbs\"}", null),
                tupu("moderate", "[\"*\"]"));
        ObjectEvent generated = withMetadata(minioPut(), Map.of(QingStorDialect.GENERATED_METADATA, "qingstor-image"));
        assertThat(jobs(stored, generated)).extracting(CloudfuncJob::ruleId).containsExactly("moderate");
    }

    // --- reporting cloudfunc outcomes ---

    private CloudfuncJob imageJob(String action, String notifyUrl) {
        return jobs(rules(image("thumbs", "{\"action\":\"" + action + "\"}", notifyUrl)), minioPut()).getFirst();
    }

    private static final String EVENT_PREFIX = "{\"events\":[{\"event_source\":\"qingstor\",\"event_version\":\"1.0\","
            + "\"event_type\":\"create_object\",\"event_time\":\"2026-11-22T13:34:30.724Z\",\"zone_id\":\"herald\","
            + "\"user_identify\":{\"principal_id\":\"minioadmin\"},\"response_elements\":{\"request_id\":\"18EA616101562ACA\"},"
            + "\"qingstor\":{\"schema_version\":\"1.0\",\"notification_id\":\"thumbs\",\"bucket\":{\"name\":\"test-bucket\"},"
            + "\"object\":{\"name\":\"images/photo 1.jpg\",\"etag\":\"501590c529b9ce8bb8da7e80ab98e2fe\",\"size\":10}},";

    @Test
    void imageSuccessReportsWhereTheResultIs() {
        CloudfuncJob job = imageJob("resize:w_100|format:t_png", DONE);
        QingStorImageResult saved = new QingStorImageResult(new byte[1234], "png", "image/png", 100, 50);
        OutboundPush push = dialect.cloudfuncResultPush(job, minioPut(), CloudfuncOutcome.imageSaved(job, saved)).orElseThrow();
        assertThat(body(push)).isEqualTo(EVENT_PREFIX + "\"cloudfunc\":{\"name\":\"image\",\"status\":\"success\",\"result\":"
                + "{\"bucket\":\"test-bucket\",\"key\":\"gen_images/photo 1.jpg\",\"format\":\"png\",\"width\":100,\"height\":50,"
                + "\"size\":1234}}}]}");
        assertThat(push.method()).isEqualTo("POST");
        assertThat(push.contentType()).isEqualTo("application/json");
        assertThat(push.signingKey()).isNull();
        assertThat(push.targetUrl()).isEqualTo(DONE);
        assertThat(push.ruleId()).isEqualTo("thumbs");
        assertThat(push.bucket()).isEqualTo("test-bucket");
        assertThat(push.deliveryId()).isEqualTo(UUID.nameUUIDFromBytes(
                ("qingstor-result|minio-18EA6161015F97FE|thumbs|" + DONE).getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(dialect.cloudfuncResultPush(job, minioPut(), CloudfuncOutcome.failed("x")).orElseThrow().deliveryId())
                .isEqualTo(push.deliveryId());
    }

    @Test
    void imageInfoReportsTheInfo() throws Exception {
        CloudfuncJob job = imageJob("info", DONE);
        QingStorImageResult info = new QingStorImageResult(
                "{\"width\":4,\"height\":2,\"alpha\":false,\"type\":\"png\",\"space\":\"srgb\"}".getBytes(StandardCharsets.UTF_8),
                "json", "application/json", 4, 2);
        OutboundPush push = dialect.cloudfuncResultPush(job, minioPut(), CloudfuncOutcome.imageSaved(job, info)).orElseThrow();
        assertThat(body(push)).isEqualTo(EVENT_PREFIX + "\"cloudfunc\":{\"name\":\"image\",\"status\":\"success\",\"result\":"
                + "{\"width\":4,\"height\":2,\"alpha\":false,\"type\":\"png\",\"space\":\"srgb\"}}}]}");
    }

    @Test
    void imageFailureReportsTheError() {
        CloudfuncJob job = imageJob("resize:w_100", DONE);
        CloudfuncOutcome failed = CloudfuncOutcome.failed("the object is not an image Herald can read (jpeg, png, gif, bmp, tiff)");
        OutboundPush push = dialect.cloudfuncResultPush(job, minioPut(), failed).orElseThrow();
        assertThat(body(push)).isEqualTo(EVENT_PREFIX + "\"cloudfunc\":{\"name\":\"image\",\"status\":\"failed\",\"error\":"
                + "\"the object is not an image Herald can read (jpeg, png, gif, bmp, tiff)\"}}]}");
        assertThat(failed.success()).isFalse();
        assertThat(failed.resultJson()).isNull();
    }

    @Test
    void imageRulesWithoutNotifyUrlReportNothing() {
        CloudfuncJob job = imageJob("resize:w_100", null);
        assertThat(dialect.cloudfuncResultPush(job, minioPut(), CloudfuncOutcome.failed("x"))).isEmpty();
    }

    @Test
    void completedMultipartResultsSayCompleteUpload() {
        ObjectEvent multipart = minio(EventNames.CREATED_COMPLETE_MULTIPART, "images/photo 1.jpg");
        CloudfuncJob job = jobs(rules(image("thumbs", "{\"action\":\"info\"}", DONE)), multipart).getFirst();
        assertThat(body(dialect.cloudfuncResultPush(job, multipart, CloudfuncOutcome.failed("x")).orElseThrow()))
                .contains("\"event_type\":\"complete_upload\"");
    }

    @Test
    void moderationVerdictsArePassedOnInQingStorsShape() {
        QingStorDialect withModeration = new QingStorDialect(new QingStorSettings(null, URI.create("http://198.51.100.9/m")));
        CloudfuncJob job = withModeration.compile("test-bucket", rules(tupu("moderate", "[\"*\"]"))).cloudfuncJobs(minioPut()).getFirst();
        String verdict = "{\"code\":0,\"message\":\"success\",\"54bcfc6c329af61034f7c2fc\":{\"fileList\":[{\"label\":2,"
                + "\"name\":\"photo 1.jpg\",\"rate\":0.98,\"review\":false}]},\"nonce\":\"0.22\",\"timestamp\":1498647797834.0}";
        OutboundPush push = withModeration.cloudfuncResultPush(job, minioPut(),
                CloudfuncOutcome.moderated(verdict.getBytes(StandardCharsets.UTF_8))).orElseThrow();
        assertThat(body(push)).isEqualTo("{\"bucket\":\"test-bucket\",\"object\":\"images/photo 1.jpg\",\"result\":" + verdict + "}");
        assertThat(push.targetUrl()).isEqualTo(DONE);
        assertThat(push.ruleId()).isEqualTo("moderate");
    }

    @Test
    void moderationFailuresUseTheVerdictFormatsServerErrorCode() {
        CloudfuncJob job = jobs(rules(tupu("moderate", "[\"*\"]")), minioPut()).getFirst();
        String expected = "{\"bucket\":\"test-bucket\",\"object\":\"images/photo 1.jpg\",\"result\":{\"code\":100,\"message\":"
                + "\"the moderation service answered something that is not a JSON object\"}}";
        for (String answer : List.of("<html>502</html>", "[1,2]", "", "{\"code\":0} trailing")) {
            CloudfuncOutcome outcome = CloudfuncOutcome.moderated(answer.getBytes(StandardCharsets.UTF_8));
            assertThat(outcome.success()).isFalse();
            assertThat(body(dialect.cloudfuncResultPush(job, minioPut(), outcome).orElseThrow())).isEqualTo(expected);
        }
        assertThat(body(dialect.cloudfuncResultPush(job, minioPut(), CloudfuncOutcome.failed("timed out after 5 s")).orElseThrow()))
                .endsWith("\"result\":{\"code\":100,\"message\":\"timed out after 5 s\"}}");
    }

    @Test
    void resultPushesNeedAnEventQingStorKnows() {
        CloudfuncJob job = imageJob("info", DONE);
        assertThatThrownBy(() -> dialect.cloudfuncResultPush(job, ceph("ObjectCreated:PutTagging", "k"), CloudfuncOutcome.failed("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no QingStor event type for ObjectCreated:PutTagging");
    }

    // --- batched pushes ---

    @Test
    void aBatchIsOneEventsListOfNotifierMessages() {
        String stored = rules(notifier("images", "[\"create_object\"]", null));
        OutboundPush a = route(stored, minioPut()).getFirst();
        OutboundPush b = route(stored, cephPut()).getFirst();

        OutboundPush batch = dialect.batching().batch(PushBatch.of(List.of(a, b)));

        assertThat(body(batch)).isEqualTo(QingStorFixtures.resource("push-batch.json").trim());
        assertThat(batch.contentType()).isEqualTo("application/json");
        assertThat(batch.targetUrl()).isEqualTo(HOOK);
    }

    @Test
    void aModerationVerdictIsNotBatchable() {
        OutboundPush notifier = route(rules(notifier("images", "[\"create_object\"]", null)), minioPut()).getFirst();
        OutboundPush verdict = new OutboundPush("v", "qingstor", "test-bucket", "porn", DONE, "POST", "application/json",
                "{\"bucket\":\"b\",\"object\":\"k\",\"result\":{}}".getBytes(StandardCharsets.UTF_8), null, "r");
        assertThat(dialect.batching().batchable(notifier)).isTrue();
        assertThat(dialect.batching().batchable(verdict)).isFalse();
    }
}
