package dev.herald.dialects.eventbus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static dev.herald.dialects.eventbus.BusTestData.event;
import static dev.herald.dialects.eventbus.BusTestData.fullEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventPatternTest {

    private static boolean matches(String pattern, BusEvent event) {
        return EventPattern.parse(pattern).matches(event);
    }

    /** Matches {@code pattern} against an App_DEMO / DEMO_EVENT event with {@code data}. */
    private static boolean matchesData(String pattern, String data) {
        return matches(pattern, event("App_DEMO", "DEMO_EVENT", data));
    }

    private static void refused(String pattern, String message) {
        assertThatThrownBy(() -> EventPattern.parse(pattern)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void theEmptyPatternMatchesEverything() {
        assertThat(matches("{}", fullEvent())).isTrue();
        assertThat(matches("{}", event("s", "t", null))).isTrue();
    }

    @Test
    void theBriefsExample() {
        String pattern = "{\"source\":[\"App_DEMO\"],\"type\":[{\"prefix\":\"DEMO_\"}],"
                + "\"data\":{\"level\":[{\"anything-but\":[\"debug\"]}]}}";
        assertThat(matches(pattern, event("App_DEMO", "DEMO_EVENT", "{\"level\":\"error\"}"))).isTrue();
        assertThat(matches(pattern, event("App_DEMO", "DEMO_EVENT", "{\"level\":\"debug\"}"))).isFalse();
        assertThat(matches(pattern, event("App_DEMO", "DEMO_EVENT", "{}"))).isFalse();
        assertThat(matches(pattern, event("App_OTHER", "DEMO_EVENT", "{\"level\":\"error\"}"))).isFalse();
        assertThat(matches(pattern, event("App_DEMO", "OTHER_EVENT", "{\"level\":\"error\"}"))).isFalse();
    }

    @Test
    void everyTopLevelFieldCanBeMatched() {
        BusEvent e = fullEvent();
        assertThat(matches("{\"source\":[\"BCE_BCC\"],\"type\":[\"EDAPMetaDataChangeStatus\"],\"subject\":[\"i-xxxxx\"],"
                + "\"region\":[\"bj\"],\"level\":[\"WARNING\"],\"resourceType\":[\"Instance\"],\"accountId\":[\"acc-1\"],"
                + "\"id\":[\"e-1\"],\"data\":{\"k\":[\"v\"]}}", e)).isTrue();
        for (String field : new String[]{"source", "type", "subject", "region", "level", "resourceType", "accountId", "id"}) {
            assertThat(matches("{\"" + field + "\":[\"nope\"]}", e)).as(field).isFalse();
        }
    }

    @Test
    void allFieldsMustMatchAndAnyMatcherOfAFieldSuffices() {
        BusEvent e = event("App_DEMO", "DEMO_EVENT", null);
        assertThat(matches("{\"source\":[\"x\",\"App_DEMO\"]}", e)).isTrue();
        assertThat(matches("{\"source\":[\"x\",{\"prefix\":\"App\"}]}", e)).isTrue();
        assertThat(matches("{\"source\":[\"App_DEMO\"],\"type\":[\"x\"]}", e)).isFalse();
    }

    @Test
    void exactStrings() {
        assertThat(matchesData("{\"data\":{\"a\":[\"x\"]}}", "{\"a\":\"x\"}")).isTrue();
        assertThat(matchesData("{\"data\":{\"a\":[\"x\"]}}", "{\"a\":\"X\"}")).isFalse();
        assertThat(matchesData("{\"data\":{\"a\":[\"5\"]}}", "{\"a\":5}")).isFalse();
    }

    @Test
    void exactNumbersCompareByValue() {
        assertThat(matchesData("{\"data\":{\"a\":[5]}}", "{\"a\":5}")).isTrue();
        assertThat(matchesData("{\"data\":{\"a\":[5]}}", "{\"a\":5.0}")).isTrue();
        assertThat(matchesData("{\"data\":{\"a\":[5.5]}}", "{\"a\":5.50}")).isTrue();
        assertThat(matchesData("{\"data\":{\"a\":[5]}}", "{\"a\":6}")).isFalse();
        assertThat(matchesData("{\"data\":{\"a\":[5]}}", "{\"a\":\"5\"}")).isFalse();
    }

    @Test
    void exactBooleansAndNull() {
        assertThat(matchesData("{\"data\":{\"a\":[true]}}", "{\"a\":true}")).isTrue();
        assertThat(matchesData("{\"data\":{\"a\":[true]}}", "{\"a\":false}")).isFalse();
        assertThat(matchesData("{\"data\":{\"a\":[true]}}", "{\"a\":\"true\"}")).isFalse();
        assertThat(matchesData("{\"data\":{\"a\":[null]}}", "{\"a\":null}")).isTrue();
        assertThat(matchesData("{\"data\":{\"a\":[null]}}", "{}")).isFalse();
        assertThat(matchesData("{\"data\":{\"a\":[null]}}", "{\"a\":\"null\"}")).isFalse();
        assertThat(matches("{\"subject\":[null]}", event("s", "t", null))).as("a missing attribute is not null").isFalse();
    }

    @Test
    void prefixAndSuffix() {
        assertThat(matchesData("{\"data\":{\"k\":[{\"prefix\":\"images/\"}]}}", "{\"k\":\"images/a.jpg\"}")).isTrue();
        assertThat(matchesData("{\"data\":{\"k\":[{\"prefix\":\"images/\"}]}}", "{\"k\":\"docs/a.jpg\"}")).isFalse();
        assertThat(matchesData("{\"data\":{\"k\":[{\"prefix\":\"1\"}]}}", "{\"k\":12}")).as("numbers are not strings").isFalse();
        assertThat(matchesData("{\"data\":{\"k\":[{\"suffix\":\".jpg\"}]}}", "{\"k\":\"images/a.jpg\"}")).isTrue();
        assertThat(matchesData("{\"data\":{\"k\":[{\"suffix\":\".jpg\"}]}}", "{\"k\":\"images/a.png\"}")).isFalse();
        assertThat(matchesData("{\"data\":{\"k\":[{\"suffix\":\".jpg\"}]}}", "{}")).isFalse();
    }

    @Test
    void anythingButOneValue() {
        assertThat(matchesData("{\"data\":{\"l\":[{\"anything-but\":\"debug\"}]}}", "{\"l\":\"info\"}")).isTrue();
        assertThat(matchesData("{\"data\":{\"l\":[{\"anything-but\":\"debug\"}]}}", "{\"l\":\"debug\"}")).isFalse();
        assertThat(matchesData("{\"data\":{\"l\":[{\"anything-but\":\"debug\"}]}}", "{\"l\":7}")).isTrue();
        assertThat(matchesData("{\"data\":{\"n\":[{\"anything-but\":0}]}}", "{\"n\":0.0}")).isFalse();
        assertThat(matchesData("{\"data\":{\"n\":[{\"anything-but\":0}]}}", "{\"n\":1}")).isTrue();
    }

    @Test
    void anythingButAList() {
        String pattern = "{\"data\":{\"l\":[{\"anything-but\":[\"debug\",\"trace\",3]}]}}";
        assertThat(matchesData(pattern, "{\"l\":\"info\"}")).isTrue();
        assertThat(matchesData(pattern, "{\"l\":\"trace\"}")).isFalse();
        assertThat(matchesData(pattern, "{\"l\":3}")).isFalse();
        assertThat(matchesData(pattern, "{\"l\":4}")).isTrue();
    }

    @Test
    void anythingButPrefixAndSuffix() {
        assertThat(matches("{\"type\":[{\"anything-but\":{\"prefix\":\"DEMO_\"}}]}", event("s", "PROD_X", null))).isTrue();
        assertThat(matches("{\"type\":[{\"anything-but\":{\"prefix\":\"DEMO_\"}}]}", event("s", "DEMO_X", null))).isFalse();
        assertThat(matches("{\"type\":[{\"anything-but\":{\"suffix\":\"_TEST\"}}]}", event("s", "X_PROD", null))).isTrue();
        assertThat(matches("{\"type\":[{\"anything-but\":{\"suffix\":\"_TEST\"}}]}", event("s", "X_TEST", null))).isFalse();
        assertThat(matchesData("{\"data\":{\"n\":[{\"anything-but\":{\"prefix\":\"1\"}}]}}", "{\"n\":2}"))
                .as("anything-but prefix only looks at strings").isFalse();
    }

    @Test
    void anythingButDoesNotMatchAMissingFieldOrNull() {
        assertThat(matches("{\"subject\":[{\"anything-but\":\"x\"}]}", event("s", "t", null))).isFalse();
        assertThat(matchesData("{\"data\":{\"l\":[{\"anything-but\":\"debug\"}]}}", "{}")).isFalse();
        assertThat(matchesData("{\"data\":{\"l\":[{\"anything-but\":\"debug\"}]}}", "{\"l\":null}")).isFalse();
        assertThat(matchesData("{\"data\":{\"l\":[{\"anything-but\":{\"prefix\":\"d\"}}]}}", "{}")).isFalse();
    }

    @Test
    void exists() {
        assertThat(matches("{\"subject\":[{\"exists\":true}]}", fullEvent())).isTrue();
        assertThat(matches("{\"subject\":[{\"exists\":true}]}", event("s", "t", null))).isFalse();
        assertThat(matches("{\"subject\":[{\"exists\":false}]}", event("s", "t", null))).isTrue();
        assertThat(matches("{\"subject\":[{\"exists\":false}]}", fullEvent())).isFalse();
        assertThat(matchesData("{\"data\":{\"a\":[{\"exists\":true}]}}", "{\"a\":null}")).isTrue();
        assertThat(matchesData("{\"data\":{\"a\":[{\"exists\":true}]}}", "{\"a\":\"\"}")).isTrue();
        assertThat(matchesData("{\"data\":{\"a\":[{\"exists\":false}]}}", "{\"b\":1}")).isTrue();
        assertThat(matchesData("{\"data\":{\"a\":[{\"exists\":false}]}}", "{\"a\":1}")).isFalse();
        assertThat(matchesData("{\"data\":{\"a\":[{\"exists\":false}]}}", null)).as("no data at all").isTrue();
        assertThat(matchesData("{\"data\":{\"a\":[{\"exists\":false}]}}", "[1,2]")).as("data not an object").isTrue();
        assertThat(matchesData("{\"data\":{\"a\":[{\"exists\":true}]}}", "{\"a\":[]}")).as("an empty array has no value").isFalse();
        assertThat(matchesData("{\"data\":{\"a\":[{\"exists\":true}]}}", "{\"a\":{\"b\":1}}")).as("objects are not leaves").isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[\">\", 0]            | 1    | true",
            "[\">\", 0]            | 0    | false",
            "[\">=\", 0]           | 0    | true",
            "[\"<\", 5]            | 4.99 | true",
            "[\"<\", 5]            | 5    | false",
            "[\"<=\", 5]           | 5.0  | true",
            "[\"=\", 5]            | 5    | true",
            "[\"=\", 5]            | 5.01 | false",
            "[\">\", 0, \"<=\", 5] | 5    | true",
            "[\">\", 0, \"<=\", 5] | 0    | false",
            "[\">\", 0, \"<=\", 5] | 6    | false",
            "[\">\", -1.5, \"<\", 1e3] | -1 | true",
            "[\">\", 0]            | \"3\" | false"})
    void numeric(String range, String value, boolean expected) {
        assertThat(matchesData("{\"data\":{\"n\":[{\"numeric\":" + range + "}]}}", "{\"n\":" + value + "}"))
                .isEqualTo(expected);
    }

    @Test
    void numericDoesNotMatchAMissingField() {
        assertThat(matchesData("{\"data\":{\"n\":[{\"numeric\":[\">\",0]}]}}", "{}")).isFalse();
    }

    @Test
    void anArrayInTheEventMatchesWhenAnyElementMatches() {
        assertThat(matchesData("{\"data\":{\"tags\":[\"b\"]}}", "{\"tags\":[\"a\",\"b\"]}")).isTrue();
        assertThat(matchesData("{\"data\":{\"tags\":[\"c\"]}}", "{\"tags\":[\"a\",\"b\"]}")).isFalse();
        assertThat(matchesData("{\"data\":{\"tags\":[{\"prefix\":\"b\"}]}}", "{\"tags\":[\"a\",\"bc\"]}")).isTrue();
        assertThat(matchesData("{\"data\":{\"tags\":[{\"anything-but\":\"a\"}]}}", "{\"tags\":[\"a\",\"b\"]}")).isTrue();
        assertThat(matchesData("{\"data\":{\"tags\":[{\"anything-but\":\"a\"}]}}", "{\"tags\":[\"a\"]}")).isFalse();
        assertThat(matchesData("{\"data\":{\"n\":[{\"numeric\":[\">\",10]}]}}", "{\"n\":[1,20]}")).isTrue();
    }

    @Test
    void nestedDataAnyDepth() {
        String pattern = "{\"data\":{\"order\":{\"customer\":{\"tier\":[\"gold\"]},\"total\":[{\"numeric\":[\">=\",100]}]}}}";
        assertThat(matchesData(pattern, "{\"order\":{\"customer\":{\"tier\":\"gold\"},\"total\":150}}")).isTrue();
        assertThat(matchesData(pattern, "{\"order\":{\"customer\":{\"tier\":\"silver\"},\"total\":150}}")).isFalse();
        assertThat(matchesData(pattern, "{\"order\":{\"customer\":{\"tier\":\"gold\"},\"total\":50}}")).isFalse();
        assertThat(matchesData(pattern, "{\"order\":{\"customer\":\"gold\",\"total\":150}}")).isFalse();
        assertThat(matchesData(pattern, "{\"order\":\"x\"}")).isFalse();
        assertThat(matchesData(pattern, null)).isFalse();
    }

    @Test
    void aNestedPatternOverAnArrayOfObjectsNeedsOneElementMatchingItAll() {
        String pattern = "{\"data\":{\"items\":{\"sku\":[\"a\"],\"qty\":[{\"numeric\":[\">\",1]}]}}}";
        assertThat(matchesData(pattern, "{\"items\":[{\"sku\":\"b\",\"qty\":5},{\"sku\":\"a\",\"qty\":2}]}")).isTrue();
        assertThat(matchesData(pattern, "{\"items\":[{\"sku\":\"a\",\"qty\":1},{\"sku\":\"b\",\"qty\":5}]}")).isFalse();
    }

    @Test
    void dataPatternsOnEventsWhoseDataIsNotAnObject() {
        assertThat(matchesData("{\"data\":{\"a\":[\"x\"]}}", "\"x\"")).isFalse();
        assertThat(matchesData("{\"data\":{\"a\":[\"x\"]}}", "[{\"a\":\"x\"}]")).isTrue();
    }

    @Test
    void theSamePatternCompiledFromATreeOrText() {
        EventPattern p = EventPattern.compile(BusTestData.json("{\"source\":[\"App_DEMO\"]}"));
        assertThat(p.matches(event("App_DEMO", "t", null))).isTrue();
        assertThat(p).hasToString("{\"source\":[\"App_DEMO\"]}");
    }

    @Test
    void aMatchingEventIsNotChanged() {
        BusEvent e = event("s", "t", "{\"a\":[1,2]}");
        EventPattern.parse("{\"data\":{\"a\":[1]}}").matches(e);
        assertThat(e).isEqualTo(event("s", "t", "{\"a\":[1,2]}"));
        assertThat(e.time()).isEqualTo(Instant.parse("2026-11-22T13:48:57Z"));
    }

    // --- refused patterns ---

    @Test
    void unknownTopLevelFieldsAreRefused() {
        refused("{\"detail\":{\"a\":[\"x\"]}}", "event pattern field detail is not a field a pattern may use; use source, "
                + "type, subject, region, level, resourceType, accountId, id or data (fields inside the event's data go under data)");
        refused("{\"eventBusId\":[\"x\"]}", "event pattern field eventBusId is not a field a pattern may use; use source, "
                + "type, subject, region, level, resourceType, accountId, id or data (fields inside the event's data go under data)");
    }

    @Test
    void badShapesAreRefused() {
        refused("[]", "event pattern must be a JSON object such as {\"source\":[\"App_DEMO\"]}");
        refused("not json", "event pattern is not valid JSON: Unrecognized token 'not': was expecting (JSON String, "
                + "Number, Array, Object or token 'null', 'true' or 'false')");
        refused("{\"source\":\"App_DEMO\"}", "event pattern field source must be an array of matchers, like [\"App_DEMO\"] "
                + "or [{\"prefix\":\"App_\"}]");
        refused("{\"source\":{\"prefix\":\"x\"}}", "event pattern field source must be an array of matchers, like "
                + "[\"App_DEMO\"] or [{\"prefix\":\"App_\"}]");
        refused("{\"data\":[\"x\"]}", "event pattern field data must be an object of fields inside the event's data, "
                + "like {\"level\":[\"error\"]}");
        refused("{\"source\":[]}", "event pattern field source must not be an empty array; list at least one matcher");
        refused("{\"data\":{\"a\":{}}}", "event pattern field data.a must not be an empty object; name fields to match, "
                + "or leave data.a out");
        refused("{\"data\":{}}", "event pattern field data must not be an empty object; name fields to match, or leave "
                + "data out");
        refused("{\"data\":{\"a\":\"x\"}}", "event pattern field data.a must be an array of matchers or an object of "
                + "nested fields, not \"x\"");
        refused("{\"source\":[[\"x\"]]}", "event pattern field source[0] must be a value or an object with exactly one "
                + "matcher (prefix, suffix, anything-but, exists, numeric), not [\"x\"]");
        refused("{\"source\":[{\"prefix\":\"a\",\"suffix\":\"b\"}]}", "event pattern field source[0] must be a value or "
                + "an object with exactly one matcher (prefix, suffix, anything-but, exists, numeric), not "
                + "{\"prefix\":\"a\",\"suffix\":\"b\"}");
    }

    @Test
    void badMatchersAreRefused() {
        refused("{\"source\":[\"a\",{\"wildcard\":\"a*\"}]}", "event pattern field source[1] uses the unknown matcher "
                + "'wildcard'; Herald knows prefix, suffix, anything-but, exists and numeric");
        refused("{\"source\":[{\"prefix\":1}]}", "event pattern field source[0].prefix must be a string, not 1");
        refused("{\"source\":[{\"suffix\":null}]}", "event pattern field source[0].suffix must be a string, not null");
        refused("{\"source\":[{\"exists\":\"yes\"}]}", "event pattern field source[0].exists must be true or false, not \"yes\"");
        refused("{\"source\":[{\"anything-but\":[]}]}", "event pattern field source[0].anything-but must not be an empty array");
        refused("{\"source\":[{\"anything-but\":[true]}]}", "event pattern field source[0].anything-but may only list "
                + "strings and numbers, not true");
        refused("{\"source\":[{\"anything-but\":{\"wildcard\":\"x\"}}]}", "event pattern field source[0].anything-but "
                + "must be a string, a number, an array of them, {\"prefix\":...} or {\"suffix\":...}, not {\"wildcard\":\"x\"}");
        refused("{\"source\":[{\"anything-but\":{\"prefix\":2}}]}", "event pattern field source[0].anything-but.prefix "
                + "must be a string, not 2");
        refused("{\"data\":{\"n\":[{\"numeric\":[\">\"]}]}}", "event pattern field data.n[0].numeric must be one or two "
                + "operator-number pairs, like [\">\", 0] or [\">\", 0, \"<=\", 5], not [\">\"]");
        refused("{\"data\":{\"n\":[{\"numeric\":[\">\",0,\"<\",1,\"=\",2]}]}}", "event pattern field data.n[0].numeric "
                + "must be one or two operator-number pairs, like [\">\", 0] or [\">\", 0, \"<=\", 5], not [\">\",0,\"<\",1,\"=\",2]");
        refused("{\"data\":{\"n\":[{\"numeric\":[\"!=\",0]}]}}", "event pattern field data.n[0].numeric[0] must be one of "
                + "<, <=, =, >=, >, not \"!=\"");
        refused("{\"data\":{\"n\":[{\"numeric\":[\">\",\"0\"]}]}}", "event pattern field data.n[0].numeric[1] must be a "
                + "number, not \"0\"");
    }
}
