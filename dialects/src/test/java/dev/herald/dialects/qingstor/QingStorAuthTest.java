package dev.herald.dialects.qingstor;

import dev.herald.dialects.SignatureLimits;
import dev.herald.dialects.Credential;
import dev.herald.dialects.CredentialLookup;
import dev.herald.dialects.HttpRequestView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_ACCESS_KEY;
import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_DELETE;
import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_GET;
import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_PUT;
import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_SECRET_KEY;
import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_SIGNED_AT;
import static dev.herald.dialects.qingstor.QingStorFixtures.capture;
import static dev.herald.dialects.qingstor.QingStorFixtures.httpDate;
import static dev.herald.dialects.qingstor.QingStorFixtures.presigned;
import static dev.herald.dialects.qingstor.QingStorFixtures.request;
import static dev.herald.dialects.qingstor.QingStorFixtures.sdkSigned;
import static dev.herald.dialects.qingstor.QingStorFixtures.signed;
import static dev.herald.dialects.qingstor.QingStorFixtures.withQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QingStorAuthTest {
    private static final Credential SDK = new Credential(SDK_ACCESS_KEY, SDK_SECRET_KEY, List.of("*"));
    /** go-qs request/signer/v2/qingstor_test.go's key pair. */
    private static final Credential GO_QS = new Credential("ENV_ACCESS_KEY_ID", "ENV_SECRET_ACCESS_KEY", List.of("*"));
    private static final CredentialLookup KEYS = ak -> Optional.of(SDK).filter(c -> c.accessKey().equals(ak))
            .or(() -> Optional.of(GO_QS).filter(c -> c.accessKey().equals(ak)));
    private static final String GO_QS_DATE = "Mon, 01 Jan 0001 00:00:00 GMT";

    private static Clock at(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    private static Credential verify(HttpRequestView request, Instant now) {
        return QingStorAuth.verify(request, "my-bucket", false, KEYS, at(now), SignatureLimits.DEFAULT);
    }

    private static Credential verifyVirtualHost(HttpRequestView request, Instant now) {
        return QingStorAuth.verify(request, "my-bucket", true, KEYS, at(now), SignatureLimits.DEFAULT);
    }

    private static void assertRefused(Runnable call, QingStorErrorCode code, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(QingStorException.class, e -> {
            assertThat(e.error()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    /** go-qs's test request: GET https://qingstor.com/?acl&upload_id=…&part_number=0&other=abc with two x-qs headers. */
    private static HttpRequestView goQsRequest(Map<String, String> extraHeaders, String signature) {
        Map<String, String> headers = new TreeMap<>(extraHeaders);
        headers.put("X-QS-Test-2", "Test 2");
        headers.put("X-QS-Test-1", "Test 1");
        headers.put("Authorization", "QS ENV_ACCESS_KEY_ID:" + signature);
        return HttpRequestView.of("GET", "/", "acl&upload_id=fde133b5f6d932cd9c79bac3c7318da1&part_number=0&other=abc",
                headers, "");
    }

    // --- known answers ---

    @Test
    void goQsVectorWithDate() {
        HttpRequestView request = goQsRequest(Map.of("Date", GO_QS_DATE), "bvglZF9iMOv1RaCTxPYWxexmt1UN2m5WKngYnhDEp2c=");
        String resource = QingStorAuth.canonicalResources(request, null, false).getFirst();
        assertThat(resource).isEqualTo("/?acl&part_number=0&upload_id=fde133b5f6d932cd9c79bac3c7318da1");
        assertThat(QingStorAuth.stringToSign(request, GO_QS_DATE, resource)).isEqualTo("GET\n\n\n" + GO_QS_DATE
                + "\nx-qs-test-1:Test 1\nx-qs-test-2:Test 2\n/?acl&part_number=0&upload_id=fde133b5f6d932cd9c79bac3c7318da1");
        assertThat(verify(request, Instant.parse("0001-01-01T00:00:00Z"))).isEqualTo(GO_QS);
    }

    @Test
    void goQsVectorWithXQsDateSignsAnEmptyDateLine() {
        HttpRequestView request = goQsRequest(Map.of("Date", GO_QS_DATE, "X-QS-Date", GO_QS_DATE),
                "qkY+tOMdqfDAVv+ZBtlWeEBxlbyIKaQmj5lQlylENzo=");
        assertThat(QingStorAuth.stringToSign(request, "", "/")).startsWith("GET\n\n\n\nx-qs-date:" + GO_QS_DATE + "\n");
        assertThat(verify(request, Instant.parse("0001-01-01T00:05:00Z"))).isEqualTo(GO_QS);
    }

    @ParameterizedTest
    @ValueSource(strings = {SDK_PUT, SDK_GET, SDK_DELETE})
    void theJavaSdkCapturesVerify(String capture) {
        HttpRequestView request = capture(capture);
        assertThat(QingStorAuth.claims(request)).isTrue();
        assertThat(verify(request, SDK_SIGNED_AT)).isEqualTo(SDK);
    }

    @Test
    void theSdkPutSignsContentTypeAndThePathStyleResource() {
        HttpRequestView put = capture(SDK_PUT);
        assertThat(QingStorAuth.canonicalResources(put, "my-bucket", false)).containsExactly("/my-bucket?notification");
        String stringToSign = QingStorAuth.stringToSign(put, put.header("Date"), "/my-bucket?notification");
        assertThat(stringToSign).isEqualTo("PUT\n\napplication/json\nSun, 22 Nov 2026 13:49:07 GMT\n/my-bucket?notification");
        assertThat(QingStorAuth.sign(SDK_SECRET_KEY, stringToSign)).isEqualTo("+8jKwak3XwvkMSGxLBZkCzjybRVNvqpcYa/YGefDr+M=");
    }

    @Test
    void aCaptureWithAnyChangedSignedPartFails() {
        HttpRequestView put = capture(SDK_PUT);
        assertRefused(() -> verify(put.withHeader("Content-Type", "text/plain"), SDK_SIGNED_AT),
                QingStorErrorCode.SIGNATURE_NOT_MATCHED, "'PUT\\n\\ntext/plain\\nSun, 22 Nov 2026 13:49:07 GMT\\n/my-bucket?notification'");
        assertRefused(() -> verify(withQuery(put, "notification&acl"), SDK_SIGNED_AT),
                QingStorErrorCode.SIGNATURE_NOT_MATCHED, "/my-bucket?acl&notification");
        assertRefused(() -> verify(put.withHeader("X-QS-Meta", "x"), SDK_SIGNED_AT),
                QingStorErrorCode.SIGNATURE_NOT_MATCHED, "x-qs-meta:x");
        // Unsigned query parameters and headers may change.
        assertThat(verify(withQuery(put, "notification&other=1"), SDK_SIGNED_AT)).isEqualTo(SDK);
        assertThat(verify(put.withHeader("User-Agent", "curl"), SDK_SIGNED_AT)).isEqualTo(SDK);
    }

    // --- virtual-host style ---

    @Test
    void virtualHostStyleSignsTheBucketInFrontOfThePath() {
        Instant now = Instant.parse("2026-11-22T14:00:00Z");
        HttpRequestView unsigned = request("GET", "/", "", now);
        assertThat(QingStorAuth.canonicalResources(unsigned, "my-bucket", true))
                .containsExactly("/my-bucket?notification", "/my-bucket/?notification");
        // The documented form (docs/qingstor.md, "Signing": QingStor's JavaScript example) and go-qs v4's trailing slash.
        assertThat(verifyVirtualHost(signed(unsigned, SDK_ACCESS_KEY, SDK_SECRET_KEY, "/my-bucket?notification"), now)).isEqualTo(SDK);
        assertThat(verifyVirtualHost(signed(unsigned, SDK_ACCESS_KEY, SDK_SECRET_KEY, "/my-bucket/?notification"), now)).isEqualTo(SDK);
        // Signed path style but sent virtual-host style: the resource differs.
        assertRefused(() -> verifyVirtualHost(signed(unsigned, SDK_ACCESS_KEY, SDK_SECRET_KEY, "/?notification"), now),
                QingStorErrorCode.SIGNATURE_NOT_MATCHED, "/my-bucket?notification");
    }

    @Test
    void pathsAreSignedAsSentOrAsGoQsEscapesThem() {
        HttpRequestView request = HttpRequestView.of("GET", "/my-bucket/a%20b%2Bc~", "acl", Map.of(), "");
        assertThat(QingStorAuth.canonicalResources(request, "my-bucket", false))
                .containsExactly("/my-bucket/a%20b%2Bc~?acl");
        HttpRequestView loose = HttpRequestView.of("GET", "/my-bucket/a b(1)", null, Map.of(), "");
        assertThat(QingStorAuth.canonicalResources(loose, "my-bucket", false))
                .containsExactly("/my-bucket/a b(1)", "/my-bucket/a%20b%281%29");
    }

    @Test
    void subResourcesAreSortedAndValuesTrimmedOthersLeftOut() {
        HttpRequestView request = HttpRequestView.of("GET", "/", "uploads&response-content-type=text%2Fplain&zzz=1&acl=",
                Map.of(), "");
        assertThat(QingStorAuth.canonicalResources(request, "b", false))
                .containsExactly("/?acl&response-content-type=text/plain&uploads");
    }

    // --- time ---

    @Test
    void requestTimeMayBeFifteenMinutesOffEitherWay() {
        HttpRequestView request = sdkSigned("GET", "my-bucket", "", SDK_SIGNED_AT);
        Duration limit = Duration.ofMinutes(15);
        assertThat(verify(request, SDK_SIGNED_AT.plus(limit))).isEqualTo(SDK);
        assertThat(verify(request, SDK_SIGNED_AT.minus(limit))).isEqualTo(SDK);
        assertRefused(() -> verify(request, SDK_SIGNED_AT.plus(limit).plusSeconds(1)), QingStorErrorCode.REQUEST_EXPIRED,
                "the request time Sun, 22 Nov 2026 13:49:07 GMT (Date) is more than 15 minutes from Herald's time");
        assertRefused(() -> verify(request, SDK_SIGNED_AT.minus(limit).minusSeconds(1)), QingStorErrorCode.REQUEST_EXPIRED,
                "more than 15 minutes");
    }

    @Test
    void xQsDateIsTheRequestTimeWhenPresent() {
        Instant signedAt = Instant.parse("2026-11-22T14:00:00Z");
        HttpRequestView request = signed(request("GET", "/my-bucket", "", Instant.parse("2020-01-01T00:00:00Z"))
                .withHeader("X-QS-Date", httpDate(signedAt)), SDK_ACCESS_KEY, SDK_SECRET_KEY, "/my-bucket?notification");
        assertThat(verify(request, signedAt)).isEqualTo(SDK);
        assertRefused(() -> verify(request, signedAt.plus(Duration.ofHours(1))), QingStorErrorCode.REQUEST_EXPIRED, "(X-QS-Date)");
    }

    @Test
    void aSignedRequestNeedsAReadableTime() {
        HttpRequestView undated = capture(SDK_GET).withoutHeader("Date");
        assertRefused(() -> verify(undated, SDK_SIGNED_AT), QingStorErrorCode.PERMISSION_DENIED, "needs a Date or X-QS-Date header");
        assertRefused(() -> verify(capture(SDK_GET).withHeader("Date", "yesterday"), SDK_SIGNED_AT),
                QingStorErrorCode.PERMISSION_DENIED, "the Date header 'yesterday' is not an HTTP date");
    }

    // --- query-string signing ---

    @Test
    void queryStringSignaturesVerifyUntilTheyExpire() {
        long expires = SDK_SIGNED_AT.getEpochSecond() + 3600;
        HttpRequestView request = presigned(request("GET", "/my-bucket", "", SDK_SIGNED_AT), SDK_ACCESS_KEY, SDK_SECRET_KEY,
                "/my-bucket?notification", expires);
        assertThat(request.header("Date")).isNull();
        assertThat(QingStorAuth.claims(request)).isTrue();
        assertThat(verify(request, SDK_SIGNED_AT)).isEqualTo(SDK);
        // The expiry replaces the 15-minute window: days ahead is fine, one second past is not.
        assertThat(verify(request, Instant.ofEpochSecond(expires))).isEqualTo(SDK);
        assertRefused(() -> verify(request, Instant.ofEpochSecond(expires + 1)), QingStorErrorCode.REQUEST_EXPIRED,
                "the query signature (expires=" + expires + ") expired at 2026-11-22T14:49:07Z");
    }

    @Test
    void queryStringSignatureWithAnUnescapedPlusStillVerifies() {
        // The first expiry after a minute from now whose signature has a '+' (about one in six has).
        long expires = SDK_SIGNED_AT.getEpochSecond() + 60;
        String signature;
        while (!(signature = QingStorFixtures.hmacBase64(SDK_SECRET_KEY, "GET\n\n\n" + expires + "\n/my-bucket?notification"))
                .contains("+")) {
            expires++;
        }
        HttpRequestView request = HttpRequestView.of("GET", "/my-bucket", "notification&access_key_id=" + SDK_ACCESS_KEY
                + "&expires=" + expires + "&signature=" + signature, Map.of(), "");
        assertThat(verify(request, SDK_SIGNED_AT)).isEqualTo(SDK);
    }

    @Test
    void queryStringSignatureRefusals() {
        long expires = SDK_SIGNED_AT.getEpochSecond() + 60;
        HttpRequestView good = presigned(request("GET", "/my-bucket", "", SDK_SIGNED_AT), SDK_ACCESS_KEY, SDK_SECRET_KEY,
                "/my-bucket?notification", expires);
        assertRefused(() -> verify(withQuery(good, good.rawQuery().replace("expires=" + expires, "expires=soon")), SDK_SIGNED_AT),
                QingStorErrorCode.INVALID_REQUEST, "the query parameter expires must be the signature's expiry in Unix seconds, not 'soon'");
        assertRefused(() -> verify(withQuery(good, good.rawQuery().replace("expires=" + expires, "expires=" + (expires + 1))),
                SDK_SIGNED_AT), QingStorErrorCode.SIGNATURE_NOT_MATCHED, "'GET\\n\\n\\n" + (expires + 1) + "\\n/my-bucket?notification'");
        assertRefused(() -> verify(withQuery(good, good.rawQuery().replace(SDK_ACCESS_KEY, "AKOTHER")), SDK_SIGNED_AT),
                QingStorErrorCode.INVALID_ACCESS_KEY_ID, "the access key id 'AKOTHER' is not known to Herald");
    }

    // --- other refusals ---

    @Test
    void unknownAccessKey() {
        HttpRequestView request = signed(request("GET", "/my-bucket", "", SDK_SIGNED_AT), "AKNOBODY", "x", "/my-bucket?notification");
        assertRefused(() -> verify(request, SDK_SIGNED_AT), QingStorErrorCode.INVALID_ACCESS_KEY_ID,
                "the access key id 'AKNOBODY' is not known to Herald");
    }

    @Test
    void wrongSecret() {
        HttpRequestView request = signed(request("GET", "/my-bucket", "", SDK_SIGNED_AT), SDK_ACCESS_KEY, "not-the-secret",
                "/my-bucket?notification");
        assertRefused(() -> verify(request, SDK_SIGNED_AT), QingStorErrorCode.SIGNATURE_NOT_MATCHED,
                "the signature does not match the one Herald calculated");
    }

    @Test
    void missingOrForeignOrMalformedAuthorization() {
        HttpRequestView unsigned = request("GET", "/my-bucket", "", SDK_SIGNED_AT);
        assertThat(QingStorAuth.claims(unsigned)).isFalse();
        assertRefused(() -> verify(unsigned, SDK_SIGNED_AT), QingStorErrorCode.PERMISSION_DENIED, "the request is not signed");

        HttpRequestView aws = unsigned.withHeader("Authorization", "AWS ak:sig");
        assertThat(QingStorAuth.claims(aws)).isFalse();
        assertRefused(() -> verify(aws, SDK_SIGNED_AT), QingStorErrorCode.PERMISSION_DENIED, "must be 'QS <access_key_id>:<signature>'");

        for (String malformed : List.of("QS AKQSTEST000000000000", "QS :sig", "QS ak:")) {
            assertRefused(() -> verify(unsigned.withHeader("Authorization", malformed), SDK_SIGNED_AT),
                    QingStorErrorCode.INVALID_REQUEST, "not '" + malformed + "'");
        }
    }

    @Test
    void claimsNeedsBothQueryParameters() {
        HttpRequestView request = HttpRequestView.of("GET", "/b", "notification&access_key_id=a", Map.of(), "");
        assertThat(QingStorAuth.claims(request)).isFalse();
        assertThat(QingStorAuth.claims(withQuery(request, "notification&access_key_id=a&signature=s"))).isTrue();
    }
}
