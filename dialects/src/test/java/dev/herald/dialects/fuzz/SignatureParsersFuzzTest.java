package dev.herald.dialects.fuzz;

import dev.herald.dialects.Credential;
import dev.herald.dialects.CredentialLookup;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.SignatureLimits;
import dev.herald.dialects.bos.BceAuthV1;
import dev.herald.dialects.bos.BosException;
import dev.herald.dialects.ks3.Ks3Auth;
import dev.herald.dialects.ks3.Ks3Exception;
import dev.herald.dialects.qingstor.QingStorAuth;
import dev.herald.dialects.qingstor.QingStorException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every verifier against fuzzed Authorization headers, date headers and query signatures (seeded with
 * the SDKs' captured headers). Invariant: the vendor's own exception with a 4xx status, never another
 * exception, and never an accepted request (no mutant can carry a valid signature).
 */
class SignatureParsersFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-22T13:48:57Z");
    /** Every access key the seeds name is known, so that parsing goes on to the time and signature checks. */
    private static final CredentialLookup ANY_KEY = ak -> Optional.of(new Credential(ak, "sk", List.of("*")));
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Provide
    Arbitrary<String> authorizations() {
        return FuzzCorpus.textMutants(FuzzCorpus.lines("auth/authorization-headers.txt"));
    }

    @Provide
    Arbitrary<String> dates() {
        return Arbitraries.oneOf(Arbitraries.of("Sun, 22 Nov 2026 13:48:57 GMT", "20261122T134857Z", "2026-11-22T13:48:57Z",
                        "Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT"),
                FuzzCorpus.textMutants(List.of("Sun, 22 Nov 2026 13:48:57 GMT", "20261122T134857Z")));
    }

    @Provide
    Arbitrary<String> queries() {
        return FuzzCorpus.textMutants(List.of(
                "notification&access_key_id=ak&expires=1795359000&signature=abc%2Bdef%3D",
                "notification&access_key_id=ak&expires=99999999999999999999&signature=x",
                "notification&access_key_id=&expires=-9223372036854775808&signature="));
    }

    private static HttpRequestView request(String authorization, String date, String query) {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put("Host", List.of("127.0.0.1:9100"));
        if (authorization != null) {
            h.put("Authorization", List.of(authorization));
        }
        h.put("Date", List.of(date));
        h.put("x-bce-date", List.of(date));
        h.put("x-kss-date", List.of(date));
        h.put("x-amz-date", List.of(date));
        h.put("Content-MD5", List.of("Kzl8Jx1OWU+dfD4+UafKQA=="));
        return new HttpRequestView("PUT", "/my-bucket", query, h, "{}".getBytes());
    }

    private static void assertRefusedBy(Class<? extends RuntimeException> vendor, Runnable verify) {
        Throwable thrown = catchThrowable(verify::run);
        assertThat(thrown).as("refused").isInstanceOf(vendor);
        int status = switch (thrown) {
            case BosException e -> e.error().httpStatus();
            case QingStorException e -> e.error().httpStatus();
            case Ks3Exception e -> e.error().httpStatus();
            default -> 500;
        };
        assertThat(status).as(thrown.getMessage()).isBetween(400, 499);
    }

    @Property(tries = 700)
    void bceAuthV1(@ForAll("authorizations") String authorization, @ForAll("dates") String date) {
        assertRefusedBy(BosException.class, () -> BceAuthV1.verify(request(authorization, date, "notification"), ANY_KEY,
                CLOCK, SignatureLimits.DEFAULT));
    }

    @Property(tries = 700)
    void qingStorHeaderAndQuery(@ForAll("authorizations") String authorization, @ForAll("dates") String date,
                                @ForAll("queries") String query) {
        assertRefusedBy(QingStorException.class, () -> QingStorAuth.verify(request(authorization, date, "notification"),
                "my-bucket", false, ANY_KEY, CLOCK, SignatureLimits.DEFAULT));
        assertRefusedBy(QingStorException.class, () -> QingStorAuth.verify(request(null, date, query), "my-bucket", true,
                ANY_KEY, CLOCK, SignatureLimits.DEFAULT));
    }

    @Property(tries = 700)
    void ks3V2AndV4(@ForAll("authorizations") String authorization, @ForAll("dates") String date) {
        assertRefusedBy(Ks3Exception.class, () -> Ks3Auth.verify(request(authorization, date, "notification"), "my-bucket",
                ANY_KEY, CLOCK, SignatureLimits.DEFAULT));
    }
}
