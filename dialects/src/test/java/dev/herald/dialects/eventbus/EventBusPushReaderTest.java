package dev.herald.dialects.eventbus;

import dev.herald.dialects.StrictJson;
import dev.herald.dialects.bos.BosException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.dialects.eventbus.BusTestData.ACCESS_KEY;
import static dev.herald.dialects.eventbus.BusTestData.DIRECTORY;
import static dev.herald.dialects.eventbus.BusTestData.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EventBusPushReaderTest {
    private final AtomicInteger ids = new AtomicInteger();
    private final EventBusPushReader reader = new EventBusPushReader(DIRECTORY, () -> "uuid-" + ids.incrementAndGet());

    private List<BusEvent> read(String body) {
        return reader.read(body.getBytes(StandardCharsets.UTF_8), ACCESS_KEY, NOW);
    }

    /** One event on bus eb-xxxxxx, with {@code fields} (JSON members, without braces) added. */
    private BusEvent readOne(String fields) {
        List<BusEvent> events = read("{\"eventList\":[{\"source\":\"App_DEMO\",\"type\":\"DEMO_EVENT\"" + fields
                + "}],\"eventBusId\":\"eb-xxxxxx\"}");
        assertThat(events).hasSize(1);
        return events.getFirst();
    }

    private BosException refused(String body) {
        BosException e = catchThrowableOfType(BosException.class, () -> read(body));
        assertThat(e).as("refused: " + body).isNotNull();
        return e;
    }

    private BosException refusedOne(String fields) {
        return refused("{\"eventList\":[{\"source\":\"App_DEMO\",\"type\":\"DEMO_EVENT\"" + fields
                + "}],\"eventBusId\":\"eb-xxxxxx\"}");
    }

    private static void assertError(BosException e, String code, String message) {
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void theDocumentationsRequestExampleVerbatim() {
        List<BusEvent> events = read(BusTestData.resource("s004-request-example.json"));
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().toJsonString()).isEqualTo("{\"data\":{\"info\":\"系统出现异常\",\"advice\":\"请联系管理员\"},"
                + "\"id\":\"45ef4dewdwe1-7c35-447a-bd93-fab****\",\"source\":\"App_DEMO\",\"specversion\":\"1.0\","
                + "\"type\":\"DEMO_EVENT\",\"datacontenttype\":\"application/json\","
                + "\"subject\":\"qcs::dts:ap-guangzhou:appid12312/uid1250000000:xxx\",\"time\":\"2021-03-11T02:42:39.146Z\","
                + "\"accountId\":\"AKBUSTEST0000000\",\"eventBusId\":\"eb-xxxxxx\",\"eventBusName\":\"cloud\","
                + "\"region\":\"bj\",\"recvTimestamp\":\"2026-11-22T13:48:57Z\"}");
        assertThat(ids.get()).isZero();
    }

    @Test
    void thePySdksSampleWithEventsAndLowerCaseBusId() {
        List<BusEvent> events = read("{\"events\": [{\"source\":\"App_DEMO\",\"type\":\"DEMO_EVENT\","
                + "\"eventbusid\":\"eb-xxxxxxxx\",\"data\":{\"info\":\"info\"}}]}");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("uuid-1");
            assertThat(e.eventBusId()).isEqualTo("eb-xxxxxxxx");
            assertThat(e.eventBusName()).isEqualTo("py-sample");
            assertThat(e.time()).isEqualTo(NOW);
            assertThat(e.data()).isEqualTo(BusTestData.json("{\"info\":\"info\"}"));
        });
    }

    @Test
    void baidusCanonicalEventShapeIsKeptField_by_field() {
        String canonical = BusTestData.resource("eb-evt-canonical-event.json").strip();
        BusEvent e = read("{\"eventList\":[" + canonical + "]}").getFirst();
        assertThat(e.toJsonString()).isEqualTo("{\"data\":{\"k\":\"v\"},\"id\":\"e-1\",\"source\":\"BCE_BCC\","
                + "\"specversion\":\"1.0\",\"type\":\"EDAPMetaDataChangeStatus\",\"datacontenttype\":\"application/json\","
                + "\"subject\":\"i-xxxxx\",\"time\":\"2020-11-19T13:04:41Z\",\"resourceType\":\"Instance\",\"level\":\"WARNING\","
                + "\"accountId\":\"acc-1\",\"eventBusId\":\"eb-xxxxxx\",\"eventBusName\":\"cloud\","
                + "\"eventSourceAlias\":\"Cloud Server\",\"eventAlias\":\"BCC event exception\","
                + "\"eventAliasEn\":\"EDAPMetaDataChangeStatus\",\"region\":\"bj\",\"recvTimestamp\":\"2026-11-22T13:48:57Z\"}");
    }

    // --- body root ---

    @Test
    void eventListAndEventsAreBothAcceptedButNotTogether() {
        assertThat(read("{\"eventList\":[{\"source\":\"s\",\"type\":\"t\",\"eventBusId\":\"eb-orders\"}]}")).hasSize(1);
        assertThat(read("{\"events\":[{\"source\":\"s\",\"type\":\"t\",\"eventBusId\":\"eb-orders\"}]}")).hasSize(1);
        assertError(refused("{\"eventList\":[],\"events\":[]}"), "InvalidArgument",
                "the body has both eventList and events; send the events in one of them");
        assertError(refused("{\"eventBusId\":\"eb-orders\"}"), "InvalidArgument",
                "eventList is missing (Herald also accepts the events under events)");
        assertError(refused("{\"eventList\":null}"), "InvalidArgument",
                "eventList is missing (Herald also accepts the events under events)");
    }

    @Test
    void theListMustBeANonEmptyArrayOfAtMost100Objects() {
        assertError(refused("{\"eventList\":{}}"), "InappropriateJSON", "eventList must be an array of events");
        assertError(refused("{\"events\":\"x\"}"), "InappropriateJSON", "events must be an array of events");
        assertError(refused("{\"eventList\":[]}"), "InvalidArgument", "eventList must not be empty");
        assertError(refused("{\"eventList\":[\"x\"]}"), "InappropriateJSON", "eventList[0] must be an object");
        String one = "{\"source\":\"s\",\"type\":\"t\"}";
        assertThat(read("{\"eventBusId\":\"eb-orders\",\"eventList\":[" + String.join(",", java.util.Collections.nCopies(100, one)) + "]}"))
                .hasSize(100);
        assertError(refused("{\"eventBusId\":\"eb-orders\",\"eventList\":[" + String.join(",", java.util.Collections.nCopies(101, one)) + "]}"),
                "InvalidArgument", "eventList has 101 events; Herald accepts at most 100 per request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[{\"source\":\"s\"}]", "\"text\"", "{\"eventList\":[]} trailing",
            "{\"eventList\":[{\"source\":\"a\",\"source\":\"b\",\"type\":\"t\"}],\"eventBusId\":\"eb-orders\"}"})
    void aBodyThatIsNotOneJsonObjectIsMalformedJson(String body) {
        assertThat(refused(body).code()).isEqualTo("MalformedJSON");
    }

    // --- required fields ---

    @Test
    void sourceIsRequired() {
        assertError(refused("{\"eventList\":[{\"type\":\"t\"}],\"eventBusId\":\"eb-xxxxxx\"}"), "InvalidArgument",
                "eventList[0].source is missing");
        assertError(refused("{\"eventList\":[{\"source\":null,\"type\":\"t\"}],\"eventBusId\":\"eb-xxxxxx\"}"),
                "InvalidArgument", "eventList[0].source is missing");
        assertError(refused("{\"eventList\":[{\"source\":\"\",\"type\":\"t\"}],\"eventBusId\":\"eb-xxxxxx\"}"),
                "InvalidArgument", "eventList[0].source must not be empty");
        assertError(refused("{\"eventList\":[{\"source\":7,\"type\":\"t\"}],\"eventBusId\":\"eb-xxxxxx\"}"),
                "InappropriateJSON", "eventList[0].source must be a string");
        assertError(refused("{\"eventList\":[{\"source\":\"App DEMO\",\"type\":\"t\"}],\"eventBusId\":\"eb-xxxxxx\"}"),
                "InvalidArgument", "eventList[0].source 'App DEMO' is not a URI reference, which CloudEvents requires "
                        + "of a source (e.g. App_DEMO or /my/app)");
    }

    @Test
    void typeIsRequired() {
        assertError(refused("{\"events\":[{\"source\":\"s\"}],\"eventBusId\":\"eb-xxxxxx\"}"), "InvalidArgument",
                "events[0].type is missing");
        assertError(refused("{\"events\":[{\"source\":\"s\",\"type\":\"\"}],\"eventBusId\":\"eb-xxxxxx\"}"),
                "InvalidArgument", "events[0].type must not be empty");
        assertError(refused("{\"events\":[{\"source\":\"s\",\"type\":[\"t\"]}],\"eventBusId\":\"eb-xxxxxx\"}"),
                "InappropriateJSON", "events[0].type must be a string");
    }

    @Test
    void aBusIdIsRequiredAndMustNameAConfiguredBus() {
        assertError(refused("{\"eventList\":[{\"source\":\"s\",\"type\":\"t\"}]}"), "InvalidArgument",
                "eventList[0].eventBusId is missing; name the bus in each event or once at the top level");
        assertError(refused("{\"eventList\":[{\"source\":\"s\",\"type\":\"t\"}],\"eventBusId\":\"eb-nope\"}"),
                "InvalidArgument", "eventBusId 'eb-nope' is not an event bus Herald serves");
        assertError(refused("{\"eventList\":[{\"source\":\"s\",\"type\":\"t\",\"eventBusId\":\"eb-nope\"}]}"),
                "InvalidArgument", "eventList[0].eventBusId 'eb-nope' is not an event bus Herald serves");
        assertError(refused("{\"eventList\":[{\"source\":\"s\",\"type\":\"t\",\"eventbusid\":\"eb-nope\"}]}"),
                "InvalidArgument", "eventList[0].eventbusid 'eb-nope' is not an event bus Herald serves");
        assertError(refused("{\"eventList\":[{\"source\":\"s\",\"type\":\"t\"}],\"eventBusId\":5}"),
                "InappropriateJSON", "eventBusId must be a string");
        assertError(refused("{\"eventList\":[{\"source\":\"s\",\"type\":\"t\",\"eventbusid\":5}]}"),
                "InappropriateJSON", "eventList[0].eventbusid must be a string");
    }

    @Test
    void aPerEventBusIdWinsOverTheTopLevelOne() {
        List<BusEvent> events = read("{\"eventBusId\":\"eb-xxxxxx\",\"eventList\":["
                + "{\"source\":\"s\",\"type\":\"t\"},"
                + "{\"source\":\"s\",\"type\":\"t\",\"eventBusId\":\"eb-orders\"},"
                + "{\"source\":\"s\",\"type\":\"t\",\"eventbusid\":\"eb-orders\"},"
                + "{\"source\":\"s\",\"type\":\"t\",\"eventBusId\":\"eb-orders\",\"eventbusid\":\"eb-orders\"}]}");
        assertThat(events).extracting(BusEvent::eventBusId).containsExactly("eb-xxxxxx", "eb-orders", "eb-orders", "eb-orders");
        assertThat(events).extracting(BusEvent::eventBusName).containsExactly("cloud", "orders", "orders", "orders");
        // The top-level id is only a default: an unknown one is fine when every event names its own bus.
        assertThat(read("{\"eventBusId\":\"eb-nope\",\"events\":[{\"source\":\"s\",\"type\":\"t\",\"eventbusid\":\"eb-orders\"}]}"))
                .hasSize(1);
    }

    @Test
    void bothSpellingsWithDifferentIdsAreRefused() {
        assertError(refused("{\"eventList\":[{\"source\":\"s\",\"type\":\"t\",\"eventBusId\":\"eb-orders\","
                        + "\"eventbusid\":\"eb-xxxxxx\"}]}"), "InvalidArgument",
                "eventList[0].eventBusId 'eb-orders' and eventList[0].eventbusid 'eb-xxxxxx' differ; send one of them");
    }

    @Test
    void eventBusNameIsTheBussNameAndAnotherIsRefused() {
        assertThat(readOne(",\"eventBusName\":\"cloud\"").eventBusName()).isEqualTo("cloud");
        assertThat(readOne("").eventBusName()).isEqualTo("cloud");
        assertError(refusedOne(",\"eventBusName\":\"other\""), "InvalidArgument",
                "eventList[0].eventBusName 'other' is not the name of bus 'eb-xxxxxx', which is 'cloud'");
    }

    // --- data ---

    @Test
    void dataAsJsonIsKeptAsIs() {
        assertThat(readOne(",\"data\":{\"a\":{\"b\":[1,true,null]}}").data())
                .isEqualTo(BusTestData.json("{\"a\":{\"b\":[1,true,null]}}"));
        assertThat(readOne(",\"data\":[1,2]").data()).isEqualTo(BusTestData.json("[1,2]"));
        assertThat(readOne(",\"data\":42").data().intValue()).isEqualTo(42);
        assertThat(readOne(",\"data\":true").data().booleanValue()).isTrue();
    }

    @Test
    void numbersInDataAreEchoedExactly() {
        assertThat(readOne(",\"data\":{\"price\":1.50,\"big\":12345678901234567890.000001,\"n\":100.0}").toJson()
                .get("data").toString()).isEqualTo("{\"price\":1.50,\"big\":12345678901234567890.000001,\"n\":100.0}");
    }

    @Test
    void aStringHoldingJsonIsStoredAsThatJson() {
        assertThat(readOne(",\"data\":\"{\\\"info\\\":\\\"x\\\"}\"").data()).isEqualTo(BusTestData.json("{\"info\":\"x\"}"));
        assertThat(readOne(",\"data\":\"[1,2]\"").data()).isEqualTo(BusTestData.json("[1,2]"));
        assertThat(readOne(",\"data\":\"\\\"text\\\"\"").data().textValue()).isEqualTo("text");
    }

    @Test
    void aStringThatIsNotJsonIsRefused() {
        String message = "eventList[0].data is a string that is not JSON; send the data as JSON (an object, array or "
                + "value) or as a string holding JSON";
        assertError(refusedOne(",\"data\":\"plain text\""), "InvalidArgument", message);
        assertError(refusedOne(",\"data\":\"{\\\"a\\\":1} tail\""), "InvalidArgument", message);
        assertError(refusedOne(",\"data\":\"{\\\"a\\\":\""), "InvalidArgument", message);
    }

    @Test
    void noDataNullAndAnEmptyStringMeanNoData() {
        assertThat(readOne("").data()).isNull();
        assertThat(readOne(",\"data\":null").data()).isNull();
        assertThat(readOne(",\"data\":\"\"").data()).isNull();
        assertThat(readOne(",\"data\":\"  \"").toJson().has("data")).isFalse();
    }

    @Test
    void datacontenttypeMustBeJson() {
        assertThat(readOne("").datacontenttype()).isEqualTo("application/json");
        assertThat(readOne(",\"datacontenttype\":\"application/json\"").datacontenttype()).isEqualTo("application/json");
        assertThat(readOne(",\"datacontenttype\":\"application/json; charset=utf-8\"").datacontenttype())
                .isEqualTo("application/json; charset=utf-8");
        assertThat(readOne(",\"datacontenttype\":\"Application/JSON;charset=UTF-8\"").datacontenttype())
                .isEqualTo("Application/JSON;charset=UTF-8");
        assertError(refusedOne(",\"datacontenttype\":\"text/plain\""), "InvalidArgument",
                "eventList[0].datacontenttype 'text/plain' is not supported; only application/json is");
        assertError(refusedOne(",\"datacontenttype\":\"application/json-patch+json\""), "InvalidArgument",
                "eventList[0].datacontenttype 'application/json-patch+json' is not supported; only application/json is");
        assertError(refusedOne(",\"datacontenttype\":1"), "InappropriateJSON", "eventList[0].datacontenttype must be a string");
    }

    // --- time ---

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"2020-11-19T13:04:41Z\"          | 2020-11-19T13:04:41Z",
            "\"2020-11-19T21:04:41+08:00\"     | 2020-11-19T13:04:41Z",
            "\"2023-01-01T00:00:00+0800\"      | 2022-12-31T16:00:00Z",
            "\"2020-11-19T13:04:41.123456Z\"   | 2020-11-19T13:04:41.123456Z",
            "\"2020-11-19t13:04:41z\"          | 2020-11-19T13:04:41Z",
            "\"2020-11-19T08:04:41.5-05:00\"   | 2020-11-19T13:04:41.500Z",
            "1615430559146                   | 2021-03-11T02:42:39.146Z",
            "\"1615430559146\"                 | 2021-03-11T02:42:39.146Z",
            "1615430559146.0                 | 2021-03-11T02:42:39.146Z",
            "0                               | 1970-01-01T00:00:00Z",
            "null                            | 2026-11-22T13:48:57Z"})
    void timeFormsAreRfc3339OrEpochMillis(String json, String expected) {
        assertThat(readOne(",\"time\":" + json).time()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void timeDefaultsToTheReceiveTime() {
        assertThat(readOne("").time()).isEqualTo(NOW);
    }

    @Test
    void badTimesAreRefused() {
        String notATime = " is neither an RFC 3339 time with an offset (2020-11-19T21:04:41+08:00, 2020-11-19T13:04:41Z) "
                + "nor epoch milliseconds";
        assertError(refusedOne(",\"time\":\"2020-11-19T13:04:41\""), "InvalidArgument",
                "eventList[0].time '2020-11-19T13:04:41'" + notATime);
        assertError(refusedOne(",\"time\":\"2020-11-19\""), "InvalidArgument", "eventList[0].time '2020-11-19'" + notATime);
        assertError(refusedOne(",\"time\":\"yesterday\""), "InvalidArgument", "eventList[0].time 'yesterday'" + notATime);
        assertError(refusedOne(",\"time\":\"\""), "InvalidArgument", "eventList[0].time ''" + notATime);
        assertError(refusedOne(",\"time\":\"-5\""), "InvalidArgument", "eventList[0].time '-5'" + notATime);
        assertError(refusedOne(",\"time\":-5"), "InvalidArgument", "eventList[0].time -5 is before 1970");
        assertError(refusedOne(",\"time\":1.5"), "InvalidArgument",
                "eventList[0].time 1.5 is not a whole number of epoch milliseconds");
        assertError(refusedOne(",\"time\":\"99999999999999999999\""), "InvalidArgument",
                "eventList[0].time '99999999999999999999' is out of range");
        assertError(refusedOne(",\"time\":253402300800000"), "InvalidArgument",
                "eventList[0].time 253402300800000 is after the year 9999");
        assertError(refusedOne(",\"time\":\"1969-12-31T23:59:59Z\""), "InvalidArgument",
                "eventList[0].time \"1969-12-31T23:59:59Z\" is before 1970");
        assertError(refusedOne(",\"time\":\"0000-01-01T00:00:00Z\""), "InvalidArgument",
                "eventList[0].time \"0000-01-01T00:00:00Z\" is before 1970");
        assertError(refusedOne(",\"time\":true"), "InappropriateJSON",
                "eventList[0].time must be a string (RFC 3339) or a number (epoch milliseconds)");
    }

    // --- defaults and optional fields ---

    @Test
    void defaults() {
        BusEvent e = readOne("");
        assertThat(e.id()).isEqualTo("uuid-1");
        assertThat(e.specversion()).isEqualTo("1.0");
        assertThat(e.accountId()).isEqualTo(ACCESS_KEY);
        assertThat(e.recvTimestamp()).isEqualTo(NOW);
        assertThat(e.subject()).isNull();
        assertThat(e.region()).isNull();
        assertThat(readOne(",\"id\":\"\"").id()).isEqualTo("uuid-2");
        assertThat(readOne(",\"id\":null").id()).isEqualTo("uuid-3");
        assertThat(readOne(",\"id\":\"mine\"").id()).isEqualTo("mine");
        assertThat(readOne(",\"specversion\":\"1.0\"").specversion()).isEqualTo("1.0");
        assertThat(readOne(",\"accountId\":\"acc-9\"").accountId()).isEqualTo("acc-9");
        assertThat(readOne(",\"recvTimestamp\":\"2001-01-01T00:00:00Z\"").recvTimestamp()).isEqualTo(NOW);
    }

    @Test
    void otherSpecVersionsAreRefused() {
        assertError(refusedOne(",\"specversion\":\"0.3\""), "InvalidArgument",
                "eventList[0].specversion '0.3' is not supported; Herald stores CloudEvents 1.0");
    }

    @Test
    void optionalFieldsAreKeptAndMustBeStrings() {
        BusEvent e = readOne(",\"subject\":\"sub\",\"resourceType\":\"Instance\",\"level\":\"WARNING\","
                + "\"eventSourceAlias\":\"云服务器\",\"eventAlias\":\"异常\",\"eventAliasEn\":\"Exception\",\"region\":\"bj\","
                + "\"unknownField\":{\"ignored\":true}");
        assertThat(e.subject()).isEqualTo("sub");
        assertThat(e.resourceType()).isEqualTo("Instance");
        assertThat(e.level()).isEqualTo("WARNING");
        assertThat(e.eventSourceAlias()).isEqualTo("云服务器");
        assertThat(e.eventAlias()).isEqualTo("异常");
        assertThat(e.eventAliasEn()).isEqualTo("Exception");
        assertThat(e.region()).isEqualTo("bj");
        for (String field : List.of("subject", "resourceType", "level", "accountId", "eventSourceAlias", "eventAlias",
                "eventAliasEn", "region", "id", "eventBusName", "specversion")) {
            assertError(refusedOne(",\"" + field + "\":{}"), "InappropriateJSON", "eventList[0]." + field + " must be a string");
        }
    }

    // --- all or nothing ---

    @Test
    void theFirstBadEventRefusesTheWholeRequest() {
        BosException e = refused("{\"eventBusId\":\"eb-xxxxxx\",\"eventList\":["
                + "{\"source\":\"s\",\"type\":\"t\"},"
                + "{\"source\":\"s\",\"type\":\"t\"},"
                + "{\"type\":\"t\"},"
                + "{\"source\":\"s\"}]}");
        assertError(e, "InvalidArgument", "eventList[2].source is missing");
        assertThat(e.httpStatus()).isEqualTo(400);
    }

    @Test
    void allEventsShareTheReceiveTime() {
        List<BusEvent> events = read("{\"eventBusId\":\"eb-xxxxxx\",\"eventList\":[{\"source\":\"s\",\"type\":\"t\"},"
                + "{\"source\":\"s\",\"type\":\"t\",\"time\":0}]}");
        assertThat(events).extracting(BusEvent::recvTimestamp).containsOnly(NOW);
        assertThat(events).extracting(BusEvent::id).containsExactly("uuid-1", "uuid-2");
        assertThat(events).isUnmodifiable();
    }

    @Test
    void dataNestedDeeperThan64IsMalformedJson() {
        String deep = "[".repeat((StrictJson.MAX_DEPTH + 1)) + "]".repeat((StrictJson.MAX_DEPTH + 1));
        assertThat(readOne(",\"data\":" + "[".repeat(60) + "]".repeat(60)).toJson().toString()).contains("[[[");
        BosException e = refusedOne(",\"data\":" + deep);
        assertThat(e.code()).isEqualTo("MalformedJSON");
        assertThat(e.getMessage()).contains("exceeds the maximum allowed (64");
    }
}
