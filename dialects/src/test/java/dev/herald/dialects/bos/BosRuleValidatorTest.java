package dev.herald.dialects.bos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.TargetPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class BosRuleValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "my-bucket";
    private static final String VALID_RULE = """
            {"id":"r1","name":"rule one","appId":"app-1","status":"enabled","resources":["/images/"],
             "events":["PutObject"],"apps":[{"id":"a1","eventUrl":"http://hooks.example.com/bos","xVars":"{\\"k\\":\\"v\\"}"}]}""";
    private static final TargetPolicy NO_PRIVATE_HOSTS = uri -> uri.getHost().startsWith("10.")
            ? Optional.of("10.0.0.0/8 is a private network") : Optional.empty();

    private final BosRuleValidator validator = new BosRuleValidator(new BosSettings(null,
            Map.of("app:ImageOcr", "https://ocr.internal.example.com/bos", "app:Leaky", "http://10.0.0.7/x"), null));

    /** A body with the valid rule, edited. */
    private static String body(Consumer<ObjectNode> editRule) {
        try {
            ObjectNode rule = (ObjectNode) JSON.readTree(VALID_RULE);
            editRule.accept(rule);
            return JSON.createObjectNode().set("notifications", JSON.createArrayNode().add(rule)).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode app(ObjectNode rule, int i) {
        return (ObjectNode) rule.get("apps").get(i);
    }

    private static ArrayNode strings(int n, String prefix) {
        ArrayNode a = JSON.createArrayNode();
        IntStream.range(0, n).forEach(i -> a.add(prefix + i));
        return a;
    }

    private BosNotifications validate(String body) {
        return validator.validate(BUCKET, body.getBytes(StandardCharsets.UTF_8), NO_PRIVATE_HOSTS);
    }

    private BosNotifications.Rule validRule(Consumer<ObjectNode> edit) {
        return validate(body(edit)).notifications().getFirst();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments("{", "MalformedJSON", "the request body is not valid JSON (line 1, column 2)"),
                arguments("", "MalformedJSON", "the request body must be a JSON object"),
                arguments("[]", "MalformedJSON", "the request body must be a JSON object"),
                arguments("{\"notifications\":[]} x", "MalformedJSON", "the request body is not valid JSON (line 1, column 22)"),
                arguments("{}", "InappropriateJSON", "notifications is required"),
                arguments("{\"notifications\":{}}", "InappropriateJSON", "notifications must be an array"),
                arguments("{\"notifications\":[\"r1\"]}", "InappropriateJSON", "notifications[0] must be an object"),
                arguments(body(r -> r.remove("id")), "InappropriateJSON", "notifications[0].id is required"),
                arguments(body(r -> r.putNull("id")), "InappropriateJSON", "notifications[0].id is required"),
                arguments(body(r -> r.put("id", 7)), "InappropriateJSON", "notifications[0].id must be a string"),
                arguments(body(r -> r.put("id", "")), "InvalidArgument", "notifications[0].id must be 1 to 128 characters long"),
                arguments(body(r -> r.put("id", "x".repeat(129))), "InvalidArgument", "notifications[0].id must be 1 to 128 characters long"),
                arguments(body(r -> r.put("id", "a/b")), "InvalidArgument", "notifications[0].id 'a/b' must not contain '/', whitespace or control characters"),
                arguments(body(r -> r.put("id", "a b")), "InvalidArgument", "notifications[0].id 'a b' must not contain '/', whitespace or control characters"),
                arguments(body(r -> r.put("name", 1)), "InappropriateJSON", "notifications[0].name must be a string"),
                arguments(body(r -> r.remove("appId")), "InappropriateJSON", "notifications[0].appId is required"),
                arguments(body(r -> r.put("appId", "")), "InvalidArgument", "notifications[0].appId must not be empty"),
                arguments(body(r -> r.remove("status")), "InappropriateJSON", "notifications[0].status is required"),
                arguments(body(r -> r.put("status", "on")), "InvalidArgument", "notifications[0].status 'on' is not a status; allowed values: enabled, disabled"),
                arguments(body(r -> r.put("status", "Enabled")), "InvalidArgument", "notifications[0].status 'Enabled' is not a status; allowed values: enabled, disabled"),
                arguments(body(r -> r.put("encryption", "k")), "InappropriateJSON", "notifications[0].encryption must be an object"),
                arguments(body(r -> r.putObject("encryption").put("key", 5)), "InappropriateJSON", "notifications[0].encryption.key must be a string"),
                arguments(body(r -> r.remove("resources")), "InappropriateJSON", "notifications[0].resources is required"),
                arguments(body(r -> r.put("resources", "/")), "InappropriateJSON", "notifications[0].resources must be an array"),
                arguments(body(r -> r.putArray("resources")), "InvalidArgument", "notifications[0].resources must not be empty"),
                arguments(body(r -> r.putArray("resources").add(5)), "InappropriateJSON", "notifications[0].resources[0] must be a string"),
                arguments(body(r -> r.set("resources", strings(101, "/p"))), "InvalidArgument", "notifications[0].resources has 101 entries; at most 100 are allowed"),
                arguments(body(r -> r.putArray("resources").add("/ok").add("images/*.jpg")), "InvalidArgument",
                        "notifications[0].resources[1] 'images/*.jpg' names bucket 'images', but the rule belongs to bucket 'my-bucket'; start the resource with '/' for a path in this bucket"),
                arguments(body(r -> r.putArray("resources").add("/a*b*")), "InvalidArgument", "notifications[0].resources[0] '/a*b*' has more than one '*'; BOS allows at most one"),
                arguments(body(r -> r.putArray("resources").add("")), "InvalidArgument", "notifications[0].resources[0] must not be empty; use \"/\" for the whole bucket"),
                arguments(body(r -> r.remove("events")), "InappropriateJSON", "notifications[0].events is required"),
                arguments(body(r -> r.putArray("events")), "InvalidArgument", "notifications[0].events must not be empty"),
                arguments(body(r -> r.putArray("events").add("PutObject").add("PutObjectt")), "InvalidArgument",
                        "notifications[0].events[1] 'PutObjectt' is not a BOS event type; allowed values: PutObject, PostObject, AppendObject, "
                                + "CopyObject, CompleteMultipartUpload, FetchObject, DeleteObject, DeleteMultipleObjects, BosLifecycle:Copy, "
                                + "ObjectCreateGroup:*, ObjectModifyGroup:*"),
                arguments(body(r -> r.putArray("events").add("TransitionObject")), "InvalidArgument",
                        "notifications[0].events[0] 'TransitionObject' is not a BOS event type; allowed values: PutObject, PostObject, AppendObject, "
                                + "CopyObject, CompleteMultipartUpload, FetchObject, DeleteObject, DeleteMultipleObjects, BosLifecycle:Copy, "
                                + "ObjectCreateGroup:*, ObjectModifyGroup:*"),
                arguments(body(r -> r.set("events", strings(12, "PutObject"))), "InvalidArgument", "notifications[0].events has 12 entries; at most 11 are allowed"),
                arguments(body(r -> r.remove("apps")), "InappropriateJSON", "notifications[0].apps is required"),
                arguments(body(r -> r.putArray("apps")), "InvalidArgument", "notifications[0].apps must not be empty"),
                arguments(body(r -> r.putArray("apps").add("http://x")), "InappropriateJSON", "notifications[0].apps[0] must be an object"),
                arguments(body(r -> {
                    ArrayNode apps = r.putArray("apps");
                    IntStream.range(0, 11).forEach(i -> apps.addObject().put("eventUrl", "http://hooks.example.com/" + i));
                }), "InvalidArgument", "notifications[0].apps has 11 entries; at most 10 are allowed"),
                arguments(body(r -> ((ArrayNode) r.get("apps")).addObject().put("id", "a2")), "InappropriateJSON",
                        "notifications[0].apps[1].eventUrl is required"),
                arguments(body(r -> app(r, 0).put("eventUrl", "ftp://hooks.example.com/x")), "InvalidArgument",
                        "notifications[0].apps[0].eventUrl 'ftp://hooks.example.com/x' must be an http or https URL (or a brn:/app: URL mapped by dialects.bos.appUrls)"),
                arguments(body(r -> app(r, 0).put("eventUrl", "hooks.example.com/x")), "InvalidArgument",
                        "notifications[0].apps[0].eventUrl 'hooks.example.com/x' must be an http or https URL (or a brn:/app: URL mapped by dialects.bos.appUrls)"),
                arguments(body(r -> app(r, 0).put("eventUrl", "http:///path")), "InvalidArgument",
                        "notifications[0].apps[0].eventUrl 'http:///path' is not an absolute http(s) URL with a host"),
                arguments(body(r -> app(r, 0).put("eventUrl", "http://exa mple.com/")), "InvalidArgument",
                        "notifications[0].apps[0].eventUrl 'http://exa mple.com/' is not a valid URL: Illegal character in authority"),
                arguments(body(r -> app(r, 0).put("eventUrl", "http://10.1.2.3/hook")), "InvalidArgument",
                        "notifications[0].apps[0].eventUrl 'http://10.1.2.3/hook' is refused as a delivery target: 10.0.0.0/8 is a private network"),
                arguments(body(r -> app(r, 0).put("eventUrl", "app:ImageCensor")), "InvalidArgument",
                        "notifications[0].apps[0].eventUrl 'app:ImageCensor' is a BOS official app; Herald can only deliver it if dialects.bos.appUrls maps it to an http(s) URL"),
                arguments(body(r -> app(r, 0).put("eventUrl", "brn:bce:cfc:bj:1f1c:function:hello_bos:$LATEST")), "InvalidArgument",
                        "notifications[0].apps[0].eventUrl 'brn:bce:cfc:bj:1f1c:function:hello_bos:$LATEST' is a BOS CFC function; Herald can only deliver it if dialects.bos.appUrls maps it to an http(s) URL"),
                arguments(body(r -> app(r, 0).put("eventUrl", "app:Leaky")), "InvalidArgument",
                        "notifications[0].apps[0].eventUrl 'app:Leaky' is refused as a delivery target (mapped to 'http://10.0.0.7/x'): 10.0.0.0/8 is a private network"),
                arguments(body(r -> app(r, 0).put("xVars", 1)), "InappropriateJSON", "notifications[0].apps[0].xVars must be a string"),
                arguments(body(r -> app(r, 0).put("id", 1)), "InappropriateJSON", "notifications[0].apps[0].id must be a string"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refuses(String body, String code, String message) {
        assertThatThrownBy(() -> validate(body)).isInstanceOfSatisfying(BosException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void acceptsTheValidRuleAsIs() {
        assertThat(validRule(r -> { })).isEqualTo(new BosNotifications.Rule("r1", "rule one", "app-1", "enabled",
                List.of("/images/"), List.of("PutObject"),
                List.of(new BosNotifications.App("a1", "http://hooks.example.com/bos", "{\"k\":\"v\"}",
                        "http://hooks.example.com/bos")), null));
    }

    @Test
    void acceptsIdsUpTo128CharactersWithPunctuation() {
        String id = "rule-1_a.b:c@" + "x".repeat(115);
        assertThat(validRule(r -> r.put("id", id)).id()).isEqualTo(id).hasSize(128);
    }

    @Test
    void optionalFieldsMayBeAbsentOrNull() {
        BosNotifications.Rule rule = validRule(r -> {
            r.remove("name");
            r.putNull("encryption");
            app(r, 0).remove("id");
            app(r, 0).remove("xVars");
        });
        assertThat(rule.name()).isNull();
        assertThat(rule.encryption()).isNull();
        assertThat(rule.apps().getFirst().id()).isNull();
        assertThat(rule.apps().getFirst().xVars()).isNull();
    }

    @Test
    void anEmptyEncryptionOrKeyMeansUnsigned() {
        assertThat(validRule(r -> r.putObject("encryption")).signingKey()).isNull();
        assertThat(validRule(r -> r.putObject("encryption").put("key", "")).signingKey()).isNull();
        assertThat(validRule(r -> r.putObject("encryption").put("key", "k1")).signingKey()).isEqualTo("k1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"enabled", "disabled"})
    void acceptsBothStatuses(String status) {
        assertThat(validRule(r -> r.put("status", status)).status()).isEqualTo(status);
    }

    @Test
    void acceptsEveryDocumentedEventType() {
        ArrayNode all = JSON.createArrayNode();
        BosEventTypes.RULE_EVENTS.forEach(all::add);
        assertThat(validRule(r -> r.set("events", all)).events()).containsExactly("PutObject", "PostObject", "AppendObject",
                "CopyObject", "CompleteMultipartUpload", "FetchObject", "DeleteObject", "DeleteMultipleObjects",
                "BosLifecycle:Copy", "ObjectCreateGroup:*", "ObjectModifyGroup:*");
    }

    @Test
    void acceptsResourceFormsNamingTheRulesBucketAndTheLimits() {
        assertThat(validRule(r -> r.putArray("resources").add("my-bucket/path1").add("/").add("*").add("/p/*.jpg").add("my-bucket"))
                .resources()).containsExactly("my-bucket/path1", "/", "*", "/p/*.jpg", "my-bucket");
        assertThat(validRule(r -> r.set("resources", strings(100, "/p"))).resources()).hasSize(100);
        assertThat(validRule(r -> {
            ArrayNode apps = r.putArray("apps");
            IntStream.range(0, 10).forEach(i -> apps.addObject().put("eventUrl", "https://hooks.example.com/" + i));
        }).apps()).hasSize(10);
    }

    @Test
    void aMappedOfficialAppIsDeliveredToItsMappedUrl() {
        BosNotifications.App app = validRule(r -> app(r, 0).put("eventUrl", "app:ImageOcr")).apps().getFirst();
        assertThat(app.eventUrl()).isEqualTo("app:ImageOcr");
        assertThat(app.deliveryUrl()).isEqualTo("https://ocr.internal.example.com/bos");
    }

    @Test
    void theJavaSdksDuplicateXvarsPrefersXVars() {
        assertThat(validRule(r -> app(r, 0).put("xvars", "lower")).apps().getFirst().xVars()).isEqualTo("{\"k\":\"v\"}");
        assertThat(validRule(r -> {
            app(r, 0).remove("xVars");
            app(r, 0).put("xvars", "lower");
        }).apps().getFirst().xVars()).isEqualTo("lower");
    }

    @Test
    void theGoSdksEmptyExtrasAreAccepted() {
        BosNotifications.Rule rule = validRule(r -> {
            r.putObject("encryption");
            r.putObject("contentType");
            r.putObject("quota");
            app(r, 0).put("xVars", "").put("cfc", "").put("xParams", "");
        });
        assertThat(rule.encryption()).isNull();
        assertThat(rule.apps().getFirst().xVars()).isEmpty();
    }

    @Test
    void ruleIdsMustBeUnique() {
        String rule = body(r -> { }).replace("{\"notifications\":[", "").replace("]}]}", "]}");
        String twice = "{\"notifications\":[" + rule + "," + rule + "]}";
        assertThatThrownBy(() -> validate(twice)).isInstanceOfSatisfying(BosException.class, e -> {
            assertThat(e.code()).isEqualTo("InvalidArgument");
            assertThat(e.getMessage()).isEqualTo("notifications[1].id 'r1' is used by an earlier rule; rule ids must be unique");
        });
    }

    @Test
    void aBucketHoldsAtMost100Rules() {
        String hundredAndOne = "{\"notifications\":[" + String.join(",", IntStream.range(0, 101)
                .mapToObj(i -> VALID_RULE.replace("\"r1\"", "\"r" + i + "\"")).toList()) + "]}";
        assertThatThrownBy(() -> validate(hundredAndOne))
                .hasMessage("notifications has 101 entries; at most 100 are allowed");
        String hundred = hundredAndOne.replace("," + VALID_RULE.replace("\"r1\"", "\"r100\""), "");
        assertThat(validate(hundred).notifications()).hasSize(100);
    }

    @Test
    void anEmptyListIsAnEmptyRuleSet() {
        assertThat(validate("{\"notifications\":[]}")).isEqualTo(BosNotifications.EMPTY);
    }
}
