package dev.herald.dialects.fuzz;

import dev.herald.dialects.ConfigContext;
import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.InMemoryRules;
import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.TargetPolicy;
import dev.herald.dialects.VendorConfigApi;
import dev.herald.dialects.bos.BceAuthV1;
import dev.herald.dialects.bos.BosConfigApi;
import dev.herald.dialects.bos.BosDialect;
import dev.herald.dialects.bos.BosSettings;
import dev.herald.dialects.ks3.Ks3ConfigApi;
import dev.herald.dialects.ks3.Ks3Dialect;
import dev.herald.dialects.ks3.Ks3RequestSigner;
import dev.herald.dialects.qingstor.QingStorConfigApi;
import dev.herald.dialects.qingstor.QingStorDialect;
import dev.herald.dialects.qingstor.QingStorRequestSigner;
import dev.herald.dialects.qingstor.QingStorSettings;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three vendors' rule PUTs with fuzzed bodies, correctly signed so that the parsers and validators
 * are what is exercised. Invariant: a 2xx that stored rules the dialect compiles and GET answers, or a
 * 4xx with a vendor code that stored nothing; never a 5xx.
 */
class RuleApisFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-22T13:48:57Z");
    private static final String BUCKET = "my-bucket";
    private static final Credential KEY = new Credential("ak", "sk", List.of("*"));

    private record Vendor(VendorConfigApi api, NotificationDialect dialect, String dialectId) {
    }

    private static HttpReply put(Vendor vendor, HttpRequestView request, InMemoryRules rules) {
        AtomicInteger ids = new AtomicInteger();
        ConfigContext ctx = new ConfigContext(Clock.fixed(NOW, ZoneOffset.UTC),
                ak -> Optional.of(KEY).filter(k -> k.accessKey().equals(ak)), rules, TargetPolicy.ALLOW_ALL,
                (events, dialect) -> 0, () -> "req-" + ids.incrementAndGet());
        return vendor.api().handle(request, new VendorConfigApi.Claim(BUCKET, false), ctx);
    }

    private static void assertWholeOrNothing(Vendor vendor, HttpRequestView request, HttpRequestView get) {
        InMemoryRules rules = new InMemoryRules();
        HttpReply reply = put(vendor, request, rules);
        assertThat(reply.status()).as(reply.bodyText()).isBetween(200, 499);
        if (reply.status() >= 300) {
            assertThat(reply.bodyText()).as("a vendor error body").containsIgnoringCase("code").containsIgnoringCase("message");
            assertThat(rules.docs).as("nothing stored after " + reply.bodyText()).isEmpty();
            return;
        }
        rules.docs.forEach((at, json) -> vendor.dialect().compile(BUCKET, json));
        // Without rules KS3 answers GET with 404 NoSuchBucketNotification, as KS3 does.
        assertThat(put(vendor, get, rules).status()).isEqualTo(rules.docs.isEmpty() && vendor.dialectId().equals(Ks3Dialect.ID)
                ? 404 : 200);
    }

    private static Map<String, String> headers(byte[] body) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put("Host", "127.0.0.1:9100");
        h.put("Content-Type", "application/json");
        h.put("Content-Length", Integer.toString(body.length));
        h.put("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.atZone(ZoneOffset.UTC)));
        return h;
    }

    private static HttpRequestView request(String method, String path, byte[] body) {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers(body).forEach((k, v) -> h.put(k, List.of(v)));
        return new HttpRequestView(method, path, "notification", h, body);
    }

    private static HttpRequestView bos(String method, byte[] body) {
        HttpRequestView r = request(method, "/v1/" + BUCKET, body);
        return r.withHeader("Authorization", BceAuthV1.sign(r, "ak", "sk", NOW, 1800, List.of()));
    }

    private static HttpRequestView qingStor(String method, byte[] body) {
        HttpRequestView r = request(method, "/" + BUCKET, body);
        return r.withHeader("Authorization", QingStorRequestSigner.authorization(r, "ak", "sk"));
    }

    private static HttpRequestView ks3(String method, byte[] body) {
        HttpRequestView r = request(method, "/" + BUCKET, body);
        return r.withHeader("Authorization", Ks3RequestSigner.authorization(r, BUCKET, "ak", "sk"));
    }

    @Provide
    Arbitrary<byte[]> bosRules() {
        return FuzzCorpus.mutants("bos-rules");
    }

    @Provide
    Arbitrary<byte[]> qingStorRules() {
        return FuzzCorpus.mutants("qingstor-rules");
    }

    @Provide
    Arbitrary<byte[]> ks3Rules() {
        return FuzzCorpus.mutants("ks3-rules");
    }

    @Property(tries = 400)
    void bosPutNotification(@ForAll("bosRules") byte[] body) {
        assertWholeOrNothing(new Vendor(new BosConfigApi(new BosSettings(null, Map.of(), null)),
                new BosDialect(new BosSettings(null, Map.of(), null)), BosDialect.ID), bos("PUT", body), bos("GET", new byte[0]));
    }

    @Property(tries = 400)
    void qingStorPutBucketNotification(@ForAll("qingStorRules") byte[] body) {
        assertWholeOrNothing(new Vendor(new QingStorConfigApi(QingStorSettings.defaults(), null),
                new QingStorDialect(QingStorSettings.defaults()), QingStorDialect.ID), qingStor("PUT", body),
                qingStor("GET", new byte[0]));
    }

    @Property(tries = 400)
    void ks3PutBucketNotification(@ForAll("ks3Rules") byte[] body) {
        assertWholeOrNothing(new Vendor(new Ks3ConfigApi(null), new Ks3Dialect(), Ks3Dialect.ID), ks3("PUT", body),
                ks3("GET", new byte[0]));
    }

    /** The seeds themselves are valid: otherwise the fuzzer would only explore refusals. */
    @Property(tries = 1)
    void everySeedIsAccepted() {
        for (byte[] seed : FuzzCorpus.seeds("bos-rules")) {
            assertThat(put(new Vendor(new BosConfigApi(new BosSettings(null, Map.of(), null)), null, null), bos("PUT", seed),
                    new InMemoryRules()).status()).as(new String(seed, StandardCharsets.UTF_8)).isEqualTo(200);
        }
        for (byte[] seed : FuzzCorpus.seeds("qingstor-rules")) {
            assertThat(put(new Vendor(new QingStorConfigApi(QingStorSettings.defaults(), null), null, null),
                    qingStor("PUT", seed), new InMemoryRules()).status()).isEqualTo(200);
        }
        for (byte[] seed : FuzzCorpus.seeds("ks3-rules")) {
            assertThat(put(new Vendor(new Ks3ConfigApi(null), null, null), ks3("PUT", seed), new InMemoryRules()).bodyText())
                    .isEmpty();
        }
    }
}
