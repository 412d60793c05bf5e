package dev.herald.dialects.qingstor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.TargetPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QingStorRuleValidatorTest {
    private static final String BUCKET = "my-bucket";
    private static final QingStorSettings WITH_MODERATION =
            new QingStorSettings("pek3a", URI.create("http://198.51.100.9:8000/moderate"));
    /** Refuses one host, as the sidecar's SSRF guard refuses private addresses. */
    private static final TargetPolicy POLICY = uri -> "10.0.0.1".equals(uri.getHost())
            ? Optional.of("private address") : Optional.empty();

    private final QingStorRuleValidator validator = new QingStorRuleValidator(QingStorSettings.defaults());

    private static QingStorNotifications validate(QingStorRuleValidator validator, String body) {
        return validator.validate(body.getBytes(StandardCharsets.UTF_8), BUCKET, POLICY);
    }

    private QingStorNotifications validate(String body) {
        return validate(validator, body);
    }

    /** A body with one rule made of the given JSON members. */
    private static String oneRule(String members) {
        return "{\"notifications\":[{" + members + "}]}";
    }

    private static final String NOTIFIER = "\"id\":\"n1\",\"event_types\":[\"create_object\"],\"cloudfunc\":\"notifier\","
            + "\"notify_url\":\"http://198.51.100.1/qs\"";
    private static final String IMAGE = "\"id\":\"thumb\",\"event_types\":[\"create_object\"],\"cloudfunc\":\"image\","
            + "\"cloudfunc_args\":{\"action\":\"resize:w_100\"}";

    private void assertRefused(String body, QingStorErrorCode code, String message) {
        assertThatThrownBy(() -> validate(body)).isInstanceOfSatisfying(QingStorException.class, e -> {
            assertThat(e.error()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private void assertInvalid(String body, String message) {
        assertRefused(body, QingStorErrorCode.INVALID_ARGUMENT, message);
    }

    // --- accepted ---

    @Test
    void theSdksPutBodyIsAcceptedAndKeptAsSent() throws Exception {
        String body = new ObjectMapper().readTree(QingStorFixtures.resource(QingStorFixtures.SDK_PUT)).get("body_text").asText();
        QingStorNotifications rules = validate(body);
        assertThat(rules.json()).isEqualTo(body);
        QingStorNotifications.Rule rule = rules.rules().getFirst();
        assertThat(rule.id()).isEqualTo("n1");
        assertThat(rule.eventTypes()).containsExactlyInAnyOrder("create_object", "delete_object");
        assertThat(rule.filters()).extracting(QingStorGlob::pattern).containsExactly("*.jpg", "images/*");
        assertThat(rule.cloudfunc()).isEqualTo(QingStorCloudfunc.NOTIFIER);
        assertThat(rule.notifyUrl()).isEqualTo("http://127.0.0.1:9999/qs");
        assertThat(rule.image()).isNull();
    }

    @Test
    void singleStringsAndTheSingularFilterSpellingAreKeptAsSent() {
        String body = oneRule(NOTIFIER.replace("[\"create_object\"]", "\"create_object\"") + ",\"object_filter\":\"*.png\"");
        QingStorNotifications rules = validate(body);
        assertThat(rules.json()).isEqualTo(body);
        assertThat(rules.rules().getFirst().eventTypes()).containsExactly("create_object");
        assertThat(rules.rules().getFirst().filters()).extracting(QingStorGlob::pattern).containsExactly("*.png");
        assertThat(validate(oneRule(NOTIFIER + ",\"object_filters\":\"*\"")).rules().getFirst().filters()).hasSize(1);
    }

    @Test
    void whitespaceAndNullsAreAcceptedTheDocumentIsCompacted() {
        QingStorNotifications rules = validate("{ \"notifications\" : [ {" + NOTIFIER + ", \"object_filters\": null,"
                + " \"cloudfunc_args\": {} } ] }");
        assertThat(rules.json()).isEqualTo(oneRule(NOTIFIER + ",\"object_filters\":null,\"cloudfunc_args\":{}"));
        assertThat(rules.rules().getFirst().filters()).isEmpty();
    }

    @Test
    void anEmptyListIsAllowed() {
        assertThat(validate("{\"notifications\":[]}").rules()).isEmpty();
    }

    @Test
    void imageRulesGetQingStorsDefaults() {
        QingStorNotifications.Rule rule = validate(oneRule(IMAGE)).rules().getFirst();
        assertThat(rule.notifyUrl()).isNull();
        assertThat(rule.image()).isEqualTo(new QingStorNotifications.ImageArgs("resize:w_100", "gen", "_", null));
        QingStorNotifications.Rule custom = validate(oneRule(IMAGE.replace("}", ",\"key_prefix\":\"small\",\"key_seprate\":\"/\","
                + "\"save_bucket\":\"thumbs\"}") + ",\"notify_url\":\"https://198.51.100.1/done\"")).rules().getFirst();
        assertThat(custom.image()).isEqualTo(new QingStorNotifications.ImageArgs("resize:w_100", "small", "/", "thumbs"));
        assertThat(custom.notifyUrl()).isEqualTo("https://198.51.100.1/done");
    }

    @Test
    void emptyKeyPrefixAndSeparatorAreFineWhenSavingElsewhere() {
        assertThat(validate(oneRule(IMAGE.replace("}", ",\"key_prefix\":\"\",\"key_seprate\":\"\",\"save_bucket\":\"other-bucket\"}")))
                .rules()).hasSize(1);
    }

    @Test
    void tupuPornIsAcceptedWhenTheOperatorConfiguredModeration() {
        QingStorRuleValidator withModeration = new QingStorRuleValidator(WITH_MODERATION);
        String body = oneRule(NOTIFIER.replace("notifier", "tupu-porn") + ",\"object_filters\":[\"*\"]");
        assertThat(validate(withModeration, body).rules().getFirst().cloudfunc()).isEqualTo(QingStorCloudfunc.TUPU_PORN);
    }

    @Test
    void everyEventTypeAndCloudfuncIsKnown() {
        for (String type : List.of("create_object", "delete_object", "abort_multipart", "complete_multipart")) {
            assertThat(validate(oneRule(NOTIFIER.replace("create_object", type))).rules()).hasSize(1);
        }
    }

    @Test
    void oneHundredRulesAreAllowed() {
        String rules = IntStream.range(0, 100).mapToObj(i -> "{" + NOTIFIER.replace("\"n1\"", "\"n" + i + "\"") + "}")
                .collect(Collectors.joining(","));
        assertThat(validate("{\"notifications\":[" + rules + "]}").rules()).hasSize(100);
    }

    // --- refused: the document ---

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
            "{\"notifications\":[ => the request body is not valid JSON: Unexpected end-of-input: expected close marker for Array",
            "[] => the request body must be a JSON object {\"notifications\":[...]}",
            "\"notifications\" => the request body must be a JSON object {\"notifications\":[...]}",
            "{\"notifications\":[],\"notifications\":[]} => the request body is not valid JSON: Duplicate field 'notifications'",
            "{\"notifications\":[]} {} => the request body is not valid JSON: Trailing token"})
    void notAJsonObject(String body, String message) {
        assertThatThrownBy(() -> validate(body)).isInstanceOfSatisfying(QingStorException.class, e -> {
            assertThat(e.error()).isEqualTo(QingStorErrorCode.INVALID_JSON);
            assertThat(e.getMessage()).startsWith(message);
        });
    }

    @Test
    void emptyBodyIsNotJson() {
        assertRefused("", QingStorErrorCode.INVALID_JSON, "the request body must be a JSON object {\"notifications\":[...]}");
    }

    @Test
    void documentShape() {
        assertInvalid("{}", "notifications is required");
        assertInvalid("{\"notifications\":null}", "notifications is required");
        assertInvalid("{\"notifications\":{}}", "notifications must be a JSON array of rules");
        assertInvalid("{\"notifications\":[],\"Notifications\":[]}",
                "Notifications is not a QingStor field here; allowed: notifications (names are case-sensitive)");
        assertInvalid("{\"notifications\":[1]}", "notifications[0] must be a JSON object");
        String rules = IntStream.range(0, 101).mapToObj(i -> "{" + NOTIFIER.replace("\"n1\"", "\"n" + i + "\"") + "}")
                .collect(Collectors.joining(","));
        assertInvalid("{\"notifications\":[" + rules + "]}", "notifications has 101 rules; at most 100 are allowed");
    }

    // --- refused: rule fields ---

    @Test
    void unknownFieldsAreRefusedByPath() {
        assertInvalid(oneRule(NOTIFIER + ",\"object_filtres\":[\"*\"]"), "notifications[0].object_filtres is not a QingStor "
                + "field here; allowed: cloudfunc, cloudfunc_args, event_types, id, notify_url, object_filter, object_filters "
                + "(names are case-sensitive)");
    }

    @Test
    void id() {
        assertInvalid(oneRule(NOTIFIER.replace("\"id\":\"n1\",", "")), "notifications[0].id is required");
        assertInvalid(oneRule(NOTIFIER.replace("\"n1\"", "7")), "notifications[0].id must be a string");
        assertInvalid(oneRule(NOTIFIER.replace("\"n1\"", "\" \"")), "notifications[0].id must be 1 to 255 characters, not blank");
        assertInvalid(oneRule(NOTIFIER.replace("n1", "x".repeat(256))), "notifications[0].id must be 1 to 255 characters, not blank");
        assertThat(validate(oneRule(NOTIFIER.replace("n1", "x".repeat(255)))).rules()).hasSize(1);
        assertInvalid("{\"notifications\":[{" + NOTIFIER + "},{" + NOTIFIER.replace("/qs", "/other") + "}]}",
                "notifications[1].id 'n1' is already the id of notifications[0]; ids must be unique");
    }

    @Test
    void eventTypes() {
        String allowed = "allowed: create_object, delete_object, abort_multipart, complete_multipart";
        assertInvalid(oneRule(NOTIFIER.replace("\"event_types\":[\"create_object\"],", "")),
                "notifications[0].event_types is required");
        assertInvalid(oneRule(NOTIFIER.replace("[\"create_object\"]", "[]")),
                "notifications[0].event_types must name at least one event type");
        assertInvalid(oneRule(NOTIFIER.replace("[\"create_object\"]", "[\"create_object\",\"put_object\"]")),
                "notifications[0].event_types[1] 'put_object' is not a QingStor event type; " + allowed);
        assertInvalid(oneRule(NOTIFIER.replace("[\"create_object\"]", "\"complete_upload\"")),
                "notifications[0].event_types 'complete_upload' is not a QingStor event type; " + allowed);
        assertInvalid(oneRule(NOTIFIER.replace("[\"create_object\"]", "[1]")), "notifications[0].event_types[0] must be a string");
        assertInvalid(oneRule(NOTIFIER.replace("[\"create_object\"]", "{}")),
                "notifications[0].event_types must be a string or a JSON array of strings");
    }

    @Test
    void objectFilters() {
        assertInvalid(oneRule(NOTIFIER + ",\"object_filters\":[\"*.jpg\",\"a[\"]"), "notifications[0].object_filters[1] 'a[' "
                + "is not a valid glob pattern: it has a '[' without its closing ']' (write \\[ for a literal '[')");
        assertInvalid(oneRule(NOTIFIER + ",\"object_filter\":\"[z-a]\""),
                "notifications[0].object_filter '[z-a]' is not a valid glob pattern: it has the reversed range 'z-a'");
        assertInvalid(oneRule(NOTIFIER + ",\"object_filters\":[\"*\"],\"object_filter\":\"*\""),
                "notifications[0].object_filter and object_filters are two spellings of one field; give only object_filters");
        assertInvalid(oneRule(NOTIFIER + ",\"object_filters\":[true]"), "notifications[0].object_filters[0] must be a string");
        assertInvalid(oneRule(NOTIFIER + ",\"object_filters\":[\"" + "a".repeat(1025) + "\"]"),
                "notifications[0].object_filters[0] is 1025 characters long; at most 1024 are allowed");
        String filters = IntStream.range(0, 101).mapToObj(i -> "\"f" + i + "\"").collect(Collectors.joining(","));
        assertInvalid(oneRule(NOTIFIER + ",\"object_filters\":[" + filters + "]"),
                "notifications[0].object_filters has 101 entries; at most 100 are allowed");
    }

    @Test
    void cloudfunc() {
        assertInvalid(oneRule(NOTIFIER.replace("\"cloudfunc\":\"notifier\",", "")), "notifications[0].cloudfunc is required");
        assertInvalid(oneRule(NOTIFIER.replace("\"notifier\"", "\"lambda\"")),
                "notifications[0].cloudfunc 'lambda' is not a cloudfunc; allowed: notifier, image, tupu-porn");
        assertInvalid(oneRule(NOTIFIER.replace("\"notifier\"", "\"tupu-porn\"")),
                "notifications[0].cloudfunc 'tupu-porn' needs a moderation service, and this Herald has none: its operator "
                        + "must set dialects.qingstor.moderationEndpoint");
    }

    @Test
    void notifyUrl() {
        String noUrl = NOTIFIER.replace(",\"notify_url\":\"http://198.51.100.1/qs\"", "");
        assertInvalid(oneRule(noUrl), "notifications[0].notify_url is required for cloudfunc 'notifier': it is where results are posted");
        assertThatThrownBy(() -> validate(new QingStorRuleValidator(WITH_MODERATION), oneRule(noUrl.replace("notifier", "tupu-porn"))))
                .hasMessage("notifications[0].notify_url is required for cloudfunc 'tupu-porn': it is where results are posted");
        assertInvalid(oneRule(NOTIFIER.replace("http://198.51.100.1/qs", "ftp://198.51.100.1/qs")),
                "notifications[0].notify_url 'ftp://198.51.100.1/qs' must be an absolute http:// or https:// URL with a host");
        assertInvalid(oneRule(NOTIFIER.replace("http://198.51.100.1/qs", "/relative")),
                "notifications[0].notify_url '/relative' must be an absolute http:// or https:// URL with a host");
        assertInvalid(oneRule(NOTIFIER.replace("http://198.51.100.1/qs", "http://a b/")),
                "notifications[0].notify_url 'http://a b/' is not a valid URL: Illegal character in authority");
        assertInvalid(oneRule(NOTIFIER.replace("198.51.100.1", "10.0.0.1")),
                "notifications[0].notify_url 'http://10.0.0.1/qs' is refused: private address");
        assertInvalid(oneRule(NOTIFIER.replace("/qs", "/" + "q".repeat(2048))),
                "notifications[0].notify_url is 2068 characters long; at most 2048 are allowed");
        assertInvalid(oneRule(NOTIFIER.replace("\"http://198.51.100.1/qs\"", "[]")), "notifications[0].notify_url must be a string");
    }

    @Test
    void cloudfuncArgsAreOnlyForImage() {
        assertInvalid(oneRule(NOTIFIER + ",\"cloudfunc_args\":{\"action\":\"info\"}"),
                "notifications[0].cloudfunc_args is only for cloudfunc 'image'; leave it out for 'notifier'");
    }

    @Test
    void imageArguments() {
        assertInvalid(oneRule(IMAGE.replace(",\"cloudfunc_args\":{\"action\":\"resize:w_100\"}", "")),
                "notifications[0].cloudfunc_args is required");
        assertInvalid(oneRule(IMAGE.replace("{\"action\":\"resize:w_100\"}", "\"resize:w_100\"")),
                "notifications[0].cloudfunc_args must be a JSON object {\"action\":...}");
        assertInvalid(oneRule(IMAGE.replace("{\"action\":\"resize:w_100\"}", "{}")), "notifications[0].cloudfunc_args.action is required");
        assertInvalid(oneRule(IMAGE.replace("}", ",\"key_separate\":\"-\"}")),
                "notifications[0].cloudfunc_args.key_separate is not a QingStor field here; allowed: action, key_prefix, "
                        + "key_seprate, save_bucket (names are case-sensitive)");
        assertInvalid(oneRule(IMAGE.replace("resize:w_100", "rotate:a_45")),
                "notifications[0].cloudfunc_args.action operation 1 (rotate): a_45 is not allowed; a must be 0, 90, 180 or 270");
        assertInvalid(oneRule(IMAGE.replace("resize:w_100", "")),
                "notifications[0].cloudfunc_args.action is empty; write operations like 'resize:w_300|rotate:a_90'");
        assertInvalid(oneRule(IMAGE.replace("}", ",\"key_prefix\":1}")), "notifications[0].cloudfunc_args.key_prefix must be a string");
        assertInvalid(oneRule(IMAGE.replace("}", ",\"key_seprate\":\"" + "-".repeat(256) + "\"}")),
                "notifications[0].cloudfunc_args.key_seprate is 256 characters long; at most 255 are allowed");
        assertInvalid(oneRule(IMAGE.replace("}", ",\"save_bucket\":\"\"}")), "notifications[0].cloudfunc_args.save_bucket is "
                + "not a bucket name: bucket name '' must be 6 to 63 characters long");
        assertInvalid(oneRule(IMAGE.replace("}", ",\"save_bucket\":\"thumbs/b\"}")), "notifications[0].cloudfunc_args.save_bucket is "
                + "not a bucket name: bucket name 'thumbs/b' may only contain lower-case letters, digits and '-'");
    }

    @Test
    void anImageRuleMustNotOverwriteItsSources() {
        String message = "notifications[0].cloudfunc_args.key_prefix and key_seprate are both empty while results are saved "
                + "into the source's own bucket: each result would overwrite its source image";
        assertInvalid(oneRule(IMAGE.replace("}", ",\"key_prefix\":\"\",\"key_seprate\":\"\"}")), message);
        assertInvalid(oneRule(IMAGE.replace("}", ",\"key_prefix\":\"\",\"key_seprate\":\"\",\"save_bucket\":\"my-bucket\"}")), message);
    }

    @Test
    void webpOutputIsRefusedWhenThisRuntimeCannotWriteIt() {
        String body = oneRule(IMAGE.replace("resize:w_100", "resize:w_100|format:t_webp"));
        if (QingStorImageProcessor.canWrite("webp")) {
            assertThat(validate(body).rules()).hasSize(1);
        } else {
            assertInvalid(body, "notifications[0].cloudfunc_args.action asks for webp output, which this Herald cannot write "
                    + "(its Java runtime has no ImageIO writer for it); use jpeg, png or tiff");
        }
    }
}
