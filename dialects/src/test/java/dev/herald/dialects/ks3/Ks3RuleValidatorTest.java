package dev.herald.dialects.ks3;

import dev.herald.dialects.TargetPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ks3RuleValidatorTest {
    private static final String DESTINATION = "{\"DestType\":\"Endpoint\",\"CallbackUrl\":\"http://198.51.100.1:8080/ks3?ak=x\"}";
    /** A rule using every field; the tests below change one thing at a time. */
    private static final String RULE = "{\"RuleId\":\"images\",\"Method\":\"PUT\",\"Events\":[\"ks3:ObjectCreated:PutObject\"],"
            + "\"Resources\":[{\"Prefix\":\"images/\",\"Suffix\":\".jpg\"}],\"Destinations\":[" + DESTINATION + "],"
            + "\"Report\":{\"ReportType\":\"failed\",\"Enabled\":\"true\",\"Bucket\":\"reports\",\"Prefix\":\"ks3/\"}}";
    private static final TargetPolicy NO_PRIVATE_10 = uri -> uri.getHost().startsWith("10.")
            ? Optional.of("10.0.0.0/8 is a private network") : Optional.empty();

    private final Ks3RuleValidator validator = new Ks3RuleValidator();

    private Ks3Notifications validate(String body) {
        return validator.validate(body.getBytes(StandardCharsets.UTF_8), NO_PRIVATE_10);
    }

    private static String body(String... rules) {
        return "{\"Notifications\":[" + String.join(",", rules) + "]}";
    }

    private static String rule(String field, String json) {
        return RULE.replaceFirst("\"" + field + "\":(\\[[^]]*]|\\{[^}]*}|\"[^\"]*\")", "\"" + field + "\":" + json.replace("$", "\\$"));
    }

    private static String ruleWithout(String field) {
        return RULE.replaceFirst(",?\"" + field + "\":(\\[[^]]*]|\\{[^}]*}|\"[^\"]*\")", "").replace("{,", "{");
    }

    private void accepted(String body) {
        assertThat(validate(body).json()).isEqualTo(body);
    }

    private void refused(String body, String message) {
        assertThatThrownBy(() -> validate(body)).isInstanceOfSatisfying(Ks3Exception.class,
                e -> assertThat(e.error()).isEqualTo(Ks3ErrorCode.InvalidArgument)).hasMessage(message);
        assertThat(Ks3ErrorCode.InvalidArgument.httpStatus()).isEqualTo(400);
    }

    // --- the document ---

    @Test
    void theFullRuleIsAcceptedAndStoredExactlyAsSent() {
        Ks3Notifications n = validate(body(RULE));
        assertThat(n.json()).isEqualTo(body(RULE));
        Ks3Notifications.Rule rule = n.rules().getFirst();
        assertThat(rule.ruleId()).isEqualTo("images");
        assertThat(rule.method()).isEqualTo("PUT");
        assertThat(rule.events()).containsExactly("ks3:ObjectCreated:PutObject");
        assertThat(rule.resources()).containsExactly(new Ks3Resource("images/", ".jpg"));
        assertThat(rule.callbackUrls()).containsExactly("http://198.51.100.1:8080/ks3?ak=x");
        assertThat(rule.report()).isEqualTo(new Ks3Notifications.Report(true, "reports", "ks3/"));
    }

    @Test
    void whitespaceIsDroppedButNothingElseChanges() {
        String pretty = "{ \"Notifications\" : [ " + RULE.replace(",", " ,\n ") + " ] }";
        assertThat(validate(pretty).json()).isEqualTo(body(RULE));
    }

    /** seeds/003 (KS3 GET Bucket Notification), with its elided "http://****" URLs made real. */
    @Test
    void theKs3DocumentationsExampleIsAccepted() {
        String example = """
                {"Notifications":[
                 {"RuleId":"testNotification1","Method":"PUT","Events":["ks3:ObjectCreated:PutObject","ks3:ObjectCreated:PostObject"],
                  "Resources":[{"Prefix":"","Suffix":""}],
                  "Destinations":[{"DestType":"Endpoint","CallbackUrl":"http://198.51.100.1:8080"},{"DestType":"Endpoint","CallbackUrl":"http://test.com"}],
                  "Report":{"ReportType":"failed","Enabled":"true","Bucket":"bucketname","Prefix":"prefixname"}},
                 {"RuleId":"testNotification2","Method":"POST","Events":["ks3:ObjectCreated:SyncMirror","ks3:ObjectCreated:AsyncMirror"],
                  "Resources":[{"Prefix":"prefix1","Suffix":"suffix1"},{"Prefix":"prefix2","Suffix":"suffix2"}],
                  "Destinations":[{"DestType":"Endpoint","CallbackUrl":"https://203.0.113.7:8443/oss/sync/7?ak=xxxx"}],
                  "Report":{"ReportType":"failed","Enabled":"true","Bucket":"bucketname","Prefix":"prefixname"}}]}""";
        assertThat(validate(example).json()).isEqualTo(example.replace("\n", "").replaceAll("\\s+(?=[{\"])", ""));
    }

    /** go-ks3 marshals its BucketNotification struct: Enabled as a JSON boolean, nil fields left out. */
    @Test
    void theGoSdksBodyIsAccepted() {
        accepted(body("{\"RuleId\":\"go_rule1\",\"Method\":\"POST\",\"Events\":[\"ks3:ObjectCreated:*\"],"
                + "\"Resources\":[{\"Prefix\":\"logs/\"}],\"Destinations\":[" + DESTINATION + "],"
                + "\"Report\":{\"ReportType\":\"failed\",\"Enabled\":true,\"Bucket\":\"reports\"}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"Notifications\":[]} trailing", "[]", "\"Notifications\"",
            "{\"Notifications\":[],\"Notifications\":[]}"})
    void aBodyThatIsNotOneJsonObjectIsMalformedJson(String body) {
        assertThatThrownBy(() -> validate(body)).isInstanceOfSatisfying(Ks3Exception.class,
                e -> assertThat(e.error()).isEqualTo(Ks3ErrorCode.MalformedJSON));
        assertThat(Ks3ErrorCode.MalformedJSON.httpStatus()).isEqualTo(400);
    }

    @Test
    void notificationsIsARequiredListOfAtMostTenRules() {
        refused("{}", "Notifications is required");
        refused("{\"Notifications\":{}}", "Notifications must be a JSON array");
        refused(body("\"images\""), "Notifications[0] must be a JSON object");
        String[] ten = new String[10];
        for (int i = 0; i < 10; i++) {
            ten[i] = rule("RuleId", "\"rule" + i + "\"").replace("images/", "dir" + i + "/");
        }
        accepted(body(ten));
        String[] eleven = java.util.Arrays.copyOf(ten, 11);
        eleven[10] = rule("RuleId", "\"rule10\"").replace("images/", "dir10/");
        refused(body(eleven), "Notifications has 11 entries; at most 10 are allowed");
    }

    @Test
    void anEmptyListIsAccepted() {
        assertThat(validate(body()).rules()).isEmpty();
    }

    @Test
    void unknownFieldsAreRefusedSoThatTyposDoNotWidenRules() {
        refused("{\"Notifications\":[],\"notifications\":[]}", "notifications is not a KS3 field here; allowed: "
                + "Notifications (names are case-sensitive)");
        refused(body(rule("Resources", "[{\"Prefx\":\"images/\"}]")), "Notifications[0].Resources[0].Prefx is not a KS3 "
                + "field here; allowed: Prefix, Suffix (names are case-sensitive)");
        refused(body(RULE.replace("\"RuleId\"", "\"ruleId\"")), "Notifications[0].ruleId is not a KS3 field here; allowed: "
                + "RuleId, Method, Events, Resources, Destinations, Report (names are case-sensitive)");
    }

    // --- RuleId ---

    @ParameterizedTest
    @ValueSource(strings = {"a", "images", "a_B9", "abcdefghijklmnopqrstuvwxyz012345"})
    void ruleIdsOfTheDocumentedFormAreAccepted(String ruleId) {
        accepted(body(rule("RuleId", "\"" + ruleId + "\"")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Images", "1abc", "_a", "a-b", "a b", "abcdefghijklmnopqrstuvwxyz0123456", "é"})
    void otherRuleIdsAreRefused(String ruleId) {
        refused(body(rule("RuleId", "\"" + ruleId + "\"")), "Notifications[0].RuleId '" + ruleId + "' must start with a "
                + "lower-case letter followed by at most 31 letters, digits or underscores ([a-z][a-zA-Z0-9_]{0,31})");
    }

    @Test
    void aRuleIdIsRequiredAndUnique() {
        refused(body(ruleWithout("RuleId")), "Notifications[0].RuleId is required");
        refused(body(rule("RuleId", "7")), "Notifications[0].RuleId must be a string");
        String other = rule("Resources", "[{\"Prefix\":\"docs/\"}]");
        refused(body(RULE, other), "Notifications[1].RuleId 'images' is already the RuleId of Notifications[0]; RuleIds must be unique");
    }

    // --- Method ---

    @ParameterizedTest
    @ValueSource(strings = {"\"POST\"", "\"PUT\"", "null"})
    void methodIsPostOrPut(String method) {
        accepted(body(rule("Method", method)));
    }

    @Test
    void aMissingMethodMeansPostAndStaysMissing() {
        Ks3Notifications n = validate(body(ruleWithout("Method")));
        assertThat(n.json()).doesNotContain("Method");
        assertThat(n.rules().getFirst().method()).isEqualTo("POST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "post", "DELETE"})
    void otherMethodsAreRefused(String method) {
        refused(body(rule("Method", "\"" + method + "\"")), "Notifications[0].Method '" + method + "' is not allowed; allowed: POST, PUT");
    }

    // --- Events ---

    @Test
    void everyKs3EventAndWildcardIsAccepted() {
        Ks3Notifications n = validate(body(rule("Events", "[\"ks3:ObjectCreated:PutObject\",\"ks3:ObjectCreated:PostObject\","
                + "\"ks3:ObjectCreated:CopyObject\",\"ks3:ObjectCreated:CompleteMultipartUpload\",\"ks3:ObjectCreated:SyncMirror\","
                + "\"ks3:ObjectCreated:AsyncMirror\",\"ks3:ObjectRemoved:DeleteObject\",\"ks3:ObjectCreated:*\",\"ks3:ObjectRemoved:*\"]")));
        assertThat(n.rules().getFirst().events()).hasSize(7);
    }

    @Test
    void eventsAreARequiredNonEmptyListOfKs3Names() {
        refused(body(ruleWithout("Events")), "Notifications[0].Events is required");
        refused(body(rule("Events", "[]")), "Notifications[0].Events must not be empty");
        refused(body(rule("Events", "\"ks3:ObjectCreated:PutObject\"")), "Notifications[0].Events must be a JSON array");
        refused(body(rule("Events", "[\"ks3:ObjectCreated:PutObject\",1]")), "Notifications[0].Events[1] must be a string");
        refused(body(rule("Events", "[\"s3:ObjectCreated:Put\"]")), "Notifications[0].Events[0] 's3:ObjectCreated:Put' is not "
                + "a KS3 event; allowed: ks3:ObjectCreated:PutObject, ks3:ObjectCreated:PostObject, ks3:ObjectCreated:CopyObject, "
                + "ks3:ObjectCreated:CompleteMultipartUpload, ks3:ObjectCreated:SyncMirror, ks3:ObjectCreated:AsyncMirror, "
                + "ks3:ObjectRemoved:DeleteObject, ks3:ObjectCreated:*, ks3:ObjectRemoved:*");
    }

    // --- Resources ---

    @ParameterizedTest
    @ValueSource(strings = {"[]", "null", "[{}]", "[{\"Prefix\":\"\",\"Suffix\":\"\"}]", "[{\"Suffix\":\".png\"}]",
            "[{\"Prefix\":\"a/\"},{\"Prefix\":\"b/\"},{\"Prefix\":\"c/\"},{\"Prefix\":\"d/\"},{\"Prefix\":\"e/\"}]",
            "[{\"Prefix\":\"a/\",\"Suffix\":\".jpg\"},{\"Prefix\":\"a/\",\"Suffix\":\".png\"}]"})
    void resourcesThatDoNotOverlapAreAccepted(String resources) {
        accepted(body(rule("Resources", resources)));
    }

    @Test
    void aRuleHasAtMostFiveResources() {
        refused(body(rule("Resources", "[{\"Prefix\":\"a/\"},{\"Prefix\":\"b/\"},{\"Prefix\":\"c/\"},{\"Prefix\":\"d/\"},"
                + "{\"Prefix\":\"e/\"},{\"Prefix\":\"f/\"}]")), "Notifications[0].Resources has 6 entries; at most 5 are allowed");
        refused(body(rule("Resources", "{\"Prefix\":\"a/\"}")), "Notifications[0].Resources must be a JSON array");
        refused(body(rule("Resources", "[\"a/\"]")), "Notifications[0].Resources[0] must be a JSON object");
        refused(body(rule("Resources", "[{\"Suffix\":5}]")), "Notifications[0].Resources[0].Suffix must be a string");
    }

    @Test
    void prefixAndSuffixAreAtMost1024Utf8Bytes() {
        String threeByteChar = "界";
        accepted(body(rule("Resources", "[{\"Prefix\":\"" + "p".repeat(1024) + "\",\"Suffix\":\"" + "s".repeat(1024) + "\"}]")));
        refused(body(rule("Resources", "[{\"Prefix\":\"" + threeByteChar.repeat(342) + "\"}]")),
                "Notifications[0].Resources[0].Prefix is 1026 bytes long (UTF-8); at most 1024 are allowed");
        refused(body(rule("Resources", "[{\"Suffix\":\"" + "s".repeat(1025) + "\"}]")),
                "Notifications[0].Resources[0].Suffix is 1025 bytes long (UTF-8); at most 1024 are allowed");
    }

    @Test
    void pathsWithinOneRuleMustNotOverlap() {
        refused(body(rule("Resources", "[{\"Prefix\":\"a/\"},{\"Prefix\":\"a/b/\"}]")), "Notifications[0].Resources[1] overlaps "
                + "Notifications[0].Resources[0]: the key 'a/b/' would match both; the paths of one rule must not overlap");
        refused(body(rule("Resources", "[{\"Prefix\":\"images/\"},{\"Suffix\":\".jpg\"}]")), "Notifications[0].Resources[1] "
                + "overlaps Notifications[0].Resources[0]: the key 'images/.jpg' would match both; the paths of one rule must not overlap");
        refused(body(rule("Resources", "[{\"Prefix\":\"x/\"},{\"Prefix\":\"\",\"Suffix\":\"\"}]")), "Notifications[0].Resources[1] "
                + "overlaps Notifications[0].Resources[0]: the key 'x/' would match both; the paths of one rule must not overlap");
    }

    // --- Destinations ---

    @ParameterizedTest
    @ValueSource(strings = {"http://198.51.100.1:8080", "http://test.com", "https://203.0.113.7:8443/oss/sync/7?ak=xxxx",
            "HTTPS://Example.COM/hook#frag", "http://[2001:db8::1]:9000/ks3"})
    void callbackUrlsOfTheDocumentedFormsAreAccepted(String url) {
        accepted(body(rule("Destinations", "[{\"DestType\":\"Endpoint\",\"CallbackUrl\":\"" + url + "\"}]")));
    }

    @Test
    void destTypeIsEndpointSpelledEitherWayAndEchoedAsSent() {
        accepted(body(rule("Destinations", "[{\"DestType\":\"EndPoint\",\"CallbackUrl\":\"http://test.com\"}]")));
        refused(body(rule("Destinations", "[{\"DestType\":\"endpoint\",\"CallbackUrl\":\"http://test.com\"}]")),
                "Notifications[0].Destinations[0].DestType 'endpoint' is not allowed; allowed: Endpoint, EndPoint");
        refused(body(rule("Destinations", "[{\"CallbackUrl\":\"http://test.com\"}]")), "Notifications[0].Destinations[0].DestType is required");
    }

    @Test
    void aRuleHasOneToFiveDestinations() {
        refused(body(ruleWithout("Destinations")), "Notifications[0].Destinations is required");
        refused(body(rule("Destinations", "[]")), "Notifications[0].Destinations must not be empty");
        accepted(body(rule("Destinations", "[" + String.join(",", Collections.nCopies(5, DESTINATION)) + "]")));
        refused(body(rule("Destinations", "[" + String.join(",", Collections.nCopies(6, DESTINATION)) + "]")),
                "Notifications[0].Destinations has 6 entries; at most 5 are allowed");
    }

    @Test
    void aCallbackUrlMustBeAnAbsoluteHttpUrl() {
        String path = "Notifications[0].Destinations[0].CallbackUrl ";
        refused(body(rule("Destinations", "[{\"DestType\":\"Endpoint\"}]")), path + "is required");
        refused(callback("ftp://test.com/x"), path + "'ftp://test.com/x' must be an absolute http:// or https:// URL");
        refused(callback("/hook"), path + "'/hook' must be an absolute http:// or https:// URL");
        refused(callback("http:hook"), path + "'http:hook' must be an absolute http:// or https:// URL");
        refused(callback("http:///hook"), path + "'http:///hook' has no valid host name");
        refused(callback("http://ip:port/oss/sync/{id}"), path + "'http://ip:port/oss/sync/{id}' is not a valid URL: "
                + "Illegal character in path at index 24");
    }

    @Test
    void aCallbackUrlTheTargetPolicyRefusesIsRefusedWithItsReason() {
        refused(callback("http://10.1.2.3:8080/hook"), "Notifications[0].Destinations[0].CallbackUrl 'http://10.1.2.3:8080/hook' "
                + "is refused: 10.0.0.0/8 is a private network");
    }

    private String callback(String url) {
        return body(rule("Destinations", "[{\"DestType\":\"Endpoint\",\"CallbackUrl\":\"" + url + "\"}]"));
    }

    // --- Report ---

    @ParameterizedTest
    @ValueSource(strings = {"true", "\"true\""})
    void enabledIsTrueAsABooleanOrAStringAndIsEchoedAsSent(String enabled) {
        accepted(body(rule("Report", "{\"ReportType\":\"failed\",\"Enabled\":" + enabled + ",\"Bucket\":\"reports\"}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "\"false\"", "\"TRUE\"", "1"})
    void aReportThatIsNotEnabledIsRefused(String enabled) {
        refused(body(rule("Report", "{\"ReportType\":\"failed\",\"Enabled\":" + enabled + ",\"Bucket\":\"reports\"}")),
                "Notifications[0].Report.Enabled must be true (or \"true\"): KS3 only accepts enabled reports; leave Report out for none");
    }

    @Test
    void aReportIsOptionalButComplete() {
        accepted(body(ruleWithout("Report")));
        refused(body(rule("Report", "{\"ReportType\":\"all\",\"Enabled\":true,\"Bucket\":\"reports\"}")),
                "Notifications[0].Report.ReportType 'all' is not allowed; allowed: failed");
        refused(body(rule("Report", "{\"Enabled\":true,\"Bucket\":\"reports\"}")), "Notifications[0].Report.ReportType is required");
        refused(body(rule("Report", "{\"ReportType\":\"failed\",\"Bucket\":\"reports\"}")), "Notifications[0].Report.Enabled is required");
        refused(body(rule("Report", "{\"ReportType\":\"failed\",\"Enabled\":true}")), "Notifications[0].Report.Bucket is required");
        refused(body(rule("Report", "{\"ReportType\":\"failed\",\"Enabled\":true,\"Bucket\":\" \"}")),
                "Notifications[0].Report.Bucket must name the bucket that receives the report: bucket name ' ' must be 3 to 63 characters long");
        refused(body(rule("Report", "{\"ReportType\":\"failed\",\"Enabled\":true,\"Bucket\":\"Reports\"}")),
                "Notifications[0].Report.Bucket must name the bucket that receives the report: bucket name 'Reports' may only contain lower-case letters, digits, '.' and '-'");
        refused(body(rule("Report", "{\"ReportType\":\"failed\",\"Enabled\":true,\"Bucket\":\"reports\",\"Prefix\":\"" + "p".repeat(1025) + "\"}")),
                "Notifications[0].Report.Prefix is 1025 bytes long (UTF-8); at most 1024 are allowed");
        refused(body(rule("Report", "{\"ReportType\":\"failed\",\"Enabled\":true,\"Bucket\":\"r\",\"Format\":\"csv\"}")),
                "Notifications[0].Report.Format is not a KS3 field here; allowed: ReportType, Enabled, Bucket, Prefix (names are case-sensitive)");
    }

    // --- rules sharing an event type ---

    @Test
    void rulesSharingAnEventMustCoverDifferentKeys() {
        String docs = rule("RuleId", "\"docs\"").replace("images/", "docs/");
        accepted(body(RULE, docs));
        String wholeBucket = rule("RuleId", "\"all\"").replaceFirst("\"Resources\":\\[[^]]*],", "");
        refused(body(RULE, wholeBucket), "Notifications[1].Resources (none: the whole bucket) overlaps Notifications[0].Resources[0] "
                + "for ks3:ObjectCreated:PutObject: the key 'images/.jpg' would match both; rules that share an event type must cover different keys");
    }

    @Test
    void wildcardsShareTheEventsTheyStandFor() {
        String jpgAnywhere = rule("RuleId", "\"jpgs\"").replace("\"ks3:ObjectCreated:PutObject\"", "\"ks3:ObjectCreated:*\"")
                .replace("{\"Prefix\":\"images/\",\"Suffix\":\".jpg\"}", "{\"Suffix\":\"photo.jpg\"}");
        refused(body(RULE, jpgAnywhere), "Notifications[1].Resources[0] overlaps Notifications[0].Resources[0] for "
                + "ks3:ObjectCreated:PutObject: the key 'images/photo.jpg' would match both; rules that share an event type must cover different keys");
    }

    @Test
    void rulesWithoutACommonEventMayOverlap() {
        String deletes = rule("RuleId", "\"deletes\"").replace("ks3:ObjectCreated:PutObject", "ks3:ObjectRemoved:*");
        accepted(body(RULE, deletes));
    }
}
