package dev.herald.dialects.bos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.TargetPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every BOS rule field has a size limit (issue 16, item 1): at the limit accepted, one past it InvalidArgument. */
class BosRuleLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULE = """
            {"id":"r1","name":"n","appId":"app-1","status":"enabled","resources":["/images/"],"events":["PutObject"],
             "apps":[{"id":"a1","eventUrl":"http://hooks.example.com/bos","xVars":"v"}],"encryption":{"key":"k"}}""";

    private final BosRuleValidator validator = new BosRuleValidator(new BosSettings(null, Map.of(), null));

    private static String body(Consumer<ObjectNode> edit) {
        try {
            ObjectNode rule = (ObjectNode) JSON.readTree(RULE);
            edit.accept(rule);
            return JSON.createObjectNode().set("notifications", JSON.createArrayNode().add(rule)).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode app(ObjectNode rule) {
        return (ObjectNode) rule.get("apps").get(0);
    }

    private BosNotifications validate(String body) {
        return validator.validate("my-bucket", body.getBytes(StandardCharsets.UTF_8), TargetPolicy.ALLOW_ALL);
    }

    static Stream<Arguments> fields() {
        String url = "http://hooks.example.com/";
        return Stream.of(
                arguments("name", 256, (FieldSetter) (r, n) -> r.put("name", "x".repeat(n))),
                arguments("appId", 128, (FieldSetter) (r, n) -> r.put("appId", "x".repeat(n))),
                arguments("resources[0]", 1024, (FieldSetter) (r, n) -> r.putArray("resources").add("/" + "x".repeat(n - 1))),
                arguments("apps[0].id", 128, (FieldSetter) (r, n) -> app(r).put("id", "x".repeat(n))),
                arguments("apps[0].eventUrl", 2048, (FieldSetter) (r, n) -> app(r).put("eventUrl", url + "x".repeat(n - url.length()))),
                arguments("apps[0].xVars", 4096, (FieldSetter) (r, n) -> app(r).put("xVars", "x".repeat(n))),
                arguments("encryption.key", 256, (FieldSetter) (r, n) -> r.putObject("encryption").put("key", "x".repeat(n))));
    }

    interface FieldSetter {
        void set(ObjectNode rule, int length);
    }

    @ParameterizedTest(name = "{0} ≤ {1}")
    @MethodSource("fields")
    void eachFieldIsLimited(String field, int max, FieldSetter setter) {
        assertThat(validate(body(r -> setter.set(r, max))).notifications()).hasSize(1);
        assertThatThrownBy(() -> validate(body(r -> setter.set(r, max + 1))))
                .isInstanceOfSatisfying(BosException.class, e -> assertThat(e.error()).isEqualTo(BosErrorCode.INVALID_ARGUMENT))
                .hasMessage("notifications[0]." + field + " is " + (max + 1) + " characters long; at most " + max
                        + " are allowed");
    }

    @Test
    void duplicateKeysAreRefusedAsQingStorAndKs3Do() {
        String twice = RULE.replace("\"status\":\"enabled\"", "\"status\":\"enabled\",\"status\":\"disabled\"");
        assertThatThrownBy(() -> validate("{\"notifications\":[" + twice + "]}"))
                .isInstanceOfSatisfying(BosException.class, e -> assertThat(e.error()).isEqualTo(BosErrorCode.MALFORMED_JSON))
                .hasMessageStartingWith("the request body is not valid JSON");
    }

    @Test
    void deepNestingIsMalformedJson() {
        String deep = "{\"notifications\":[" + RULE.replace("\"xVars\":\"v\"", "\"x\":" + "[".repeat(70) + "]".repeat(70)) + "]}";
        assertThatThrownBy(() -> validate(deep))
                .isInstanceOfSatisfying(BosException.class, e -> assertThat(e.error()).isEqualTo(BosErrorCode.MALFORMED_JSON));
    }
}
