package dev.herald.dialects.bos;

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

import static dev.herald.dialects.bos.TestRequests.DELETE;
import static dev.herald.dialects.bos.TestRequests.GET;
import static dev.herald.dialects.bos.TestRequests.PUT;
import static dev.herald.dialects.bos.TestRequests.SDK_ACCESS_KEY;
import static dev.herald.dialects.bos.TestRequests.SDK_SECRET_KEY;
import static dev.herald.dialects.bos.TestRequests.capture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BceAuthV1Test {
    private static final Instant CAPTURED_AT = Instant.parse("2026-11-22T13:48:57Z");
    private static final Credential SDK = new Credential(SDK_ACCESS_KEY, SDK_SECRET_KEY, List.of("*"));
    private static final CredentialLookup KNOWN = ak -> ak.equals(SDK_ACCESS_KEY) ? Optional.of(SDK) : Optional.empty();

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    /** docs/bos.md, "The bce-auth-v1 signature": the BCE documentation's example, signed with the default header set. */
    @Test
    void signsTheDocumentedTestVector() {
        HttpRequestView request = TestRequests.request("PUT", "/v1/test/myfolder/readme.txt",
                "partNumber=9&uploadId=a44cc9bab11cbd156984767aad637851", Map.of(
                        "Host", "bj.bcebos.com",
                        "Content-Type", "text/plain",
                        "Content-Length", "8",
                        "Content-Md5", "NFzcPqhviddjRNnSOGo4rw==",
                        "x-bce-date", "2015-04-27T08:23:49Z"), "");

        String header = BceAuthV1.sign(request, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                Instant.parse("2015-04-27T08:23:49Z"), 1800, List.of());

        assertThat(header).isEqualTo("bce-auth-v1/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/2015-04-27T08:23:49Z/1800//"
                + "d74a04362e6a848f5b39b15421cb449427f419c95a480fd6b8cf9fc783e2999e");
    }

    @ParameterizedTest
    @ValueSource(strings = {PUT, GET, DELETE})
    void verifiesWhatTheBosJavaSdkSent(String capture) {
        assertThat(BceAuthV1.verify(capture(capture), KNOWN, at(CAPTURED_AT), SignatureLimits.DEFAULT)).isEqualTo(SDK);
    }

    @Test
    void resigningTheSdkRequestReproducesItsAuthorizationHeader() {
        HttpRequestView put = capture(PUT);
        assertThat(BceAuthV1.sign(put, SDK_ACCESS_KEY, SDK_SECRET_KEY, CAPTURED_AT, 1800, List.of()))
                .isEqualTo(put.header("Authorization"));
    }

    @Test
    void aWrongSecretDoesNotMatch() {
        CredentialLookup wrongSecret = ak -> Optional.of(new Credential(ak, "SKBOSTEST0000001", List.of()));
        assertRefused(() -> BceAuthV1.verify(capture(GET), wrongSecret, at(CAPTURED_AT), SignatureLimits.DEFAULT),
                "SignatureDoesNotMatch", 400);
    }

    @Test
    void aTamperedContentLengthDoesNotMatch() {
        HttpRequestView tampered = TestRequests.withHeader(capture(PUT), "Content-Length", "324");
        assertRefused(() -> BceAuthV1.verify(tampered, KNOWN, at(CAPTURED_AT), SignatureLimits.DEFAULT), "SignatureDoesNotMatch", 400);
    }

    @Test
    void aTamperedPathDoesNotMatch() {
        HttpRequestView tampered = TestRequests.withPath(capture(DELETE), "/v1/other-bucket");
        assertRefused(() -> BceAuthV1.verify(tampered, KNOWN, at(CAPTURED_AT), SignatureLimits.DEFAULT), "SignatureDoesNotMatch", 400);
    }

    @Test
    void aTamperedQueryDoesNotMatch() {
        HttpRequestView get = capture(GET);
        HttpRequestView tampered = new HttpRequestView(get.method(), get.rawPath(), "event", get.headers(), get.body());
        assertRefused(() -> BceAuthV1.verify(tampered, KNOWN, at(CAPTURED_AT), SignatureLimits.DEFAULT), "SignatureDoesNotMatch", 400);
    }

    @Test
    void aSignatureIsValidForItsExpirationPeriodAndNoLonger() {
        assertThat(BceAuthV1.verify(capture(GET), KNOWN, at(CAPTURED_AT.plusSeconds(1800)), SignatureLimits.DEFAULT)).isEqualTo(SDK);
        assertRefused(() -> BceAuthV1.verify(capture(GET), KNOWN, at(CAPTURED_AT.plusSeconds(1801)), SignatureLimits.DEFAULT),
                "RequestExpired", 400, "the request signed at 2026-11-22T13:48:57Z expired at 2026-11-22T14:18:57Z; "
                        + "Herald's time is 2026-11-22T14:18:58Z");
    }

    @Test
    void aTimestampMoreThanFifteenMinutesAheadIsRefused() {
        Instant fifteenBefore = CAPTURED_AT.minus(Duration.ofMinutes(15));
        assertThat(BceAuthV1.verify(capture(GET), KNOWN, at(fifteenBefore), SignatureLimits.DEFAULT)).isEqualTo(SDK);
        assertRefused(() -> BceAuthV1.verify(capture(GET), KNOWN, at(fifteenBefore.minusSeconds(1)), SignatureLimits.DEFAULT),
                "RequestExpired", 400, "the request signed at 2026-11-22T13:48:57Z is more than 15 minutes ahead "
                        + "of Herald's time 2026-11-22T13:33:56Z");
    }

    @Test
    void anUnknownAccessKeyIsRefused() {
        assertRefused(() -> BceAuthV1.verify(capture(GET), ak -> Optional.empty(), at(CAPTURED_AT), SignatureLimits.DEFAULT),
                "InvalidAccessKeyId", 403, "the access key 'AKBOSTEST0000000' is not known to Herald");
    }

    @Test
    void aRequestWithoutAuthorizationIsDenied() {
        HttpRequestView anonymous = TestRequests.withoutHeader(capture(GET), "Authorization");
        assertRefused(() -> BceAuthV1.verify(anonymous, KNOWN, at(CAPTURED_AT), SignatureLimits.DEFAULT),
                "AccessDenied", 403, "missing Authorization header");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "AWS AKBOSTEST0000000:abc",
            "bce-auth-v2/AKBOSTEST0000000/2026-11-22T13:48:57Z/1800//abc",
            "bce-auth-v1/AKBOSTEST0000000/2026-11-22T13:48:57Z/1800/abc",
            "bce-auth-v1//2026-11-22T13:48:57Z/1800//abc",
            "bce-auth-v1/AKBOSTEST0000000/2026-11-22T13:48:57Z/1800//",
            "bce-auth-v1/AKBOSTEST0000000/yesterday/1800//abc",
            "bce-auth-v1/AKBOSTEST0000000/2026-11-22T13:48:57Z/0//abc",
            "bce-auth-v1/AKBOSTEST0000000/2026-11-22T13:48:57Z/+1800//abc",
            "bce-auth-v1/AKBOSTEST0000000/2026-11-22T13:48:57Z/99999999999//abc"})
    void anUnparsableAuthorizationIsAnInvalidHeader(String authorization) {
        HttpRequestView request = TestRequests.withHeader(capture(GET), "Authorization", authorization);
        assertRefused(() -> BceAuthV1.verify(request, KNOWN, at(CAPTURED_AT), SignatureLimits.DEFAULT), "InvalidHTTPAuthHeader", 400);
    }

    /** Expected signature computed independently (Python hmac) over "POST\n/hook\na=1\nhost:...\nx-bce-date:...". */
    @Test
    void anExplicitHeaderListSignsExactlyThoseHeaders() {
        HttpRequestView request = TestRequests.request("POST", "/hook", "a=1", Map.of(
                "Host", "receiver.example:8080", "Content-Type", "application/json", "x-bce-date", "2026-11-22T13:48:57Z"), "{}");

        String header = BceAuthV1.sign(request, SDK_ACCESS_KEY, SDK_SECRET_KEY, CAPTURED_AT, 300, List.of("X-Bce-Date", "host"));
        HttpRequestView signed = TestRequests.withHeader(request, "Authorization", header);

        assertThat(header).isEqualTo("bce-auth-v1/AKBOSTEST0000000/2026-11-22T13:48:57Z/300/host;x-bce-date/"
                + "7ff5eaa3487af383e1f89fdfa3de62ea578a5ec84cd04920cd40e2bee3361a81");
        assertThat(BceAuthV1.verify(TestRequests.withHeader(signed, "Content-Type", "text/plain"), KNOWN, at(CAPTURED_AT), SignatureLimits.DEFAULT))
                .as("content-type is not signed").isEqualTo(SDK);
        assertRefused(() -> BceAuthV1.verify(TestRequests.withHeader(signed, "x-bce-date", "2026-11-22T13:49:00Z"),
                KNOWN, at(CAPTURED_AT), SignatureLimits.DEFAULT), "SignatureDoesNotMatch", 400);
    }

    @Test
    void refusalsNeverEchoTheSecret() {
        CredentialLookup wrongSecret = ak -> Optional.of(new Credential(ak, "TOPSECRET", List.of()));
        assertThatThrownBy(() -> BceAuthV1.verify(capture(GET), wrongSecret, at(CAPTURED_AT), SignatureLimits.DEFAULT))
                .isInstanceOf(BosException.class)
                .message().doesNotContain("TOPSECRET").doesNotContain(SDK_SECRET_KEY);
    }

    private static void assertRefused(Runnable call, String code, int status) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(BosException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.httpStatus()).isEqualTo(status);
        });
    }

    private static void assertRefused(Runnable call, String code, int status, String message) {
        assertRefused(call, code, status);
        assertThatThrownBy(call::run).hasMessage(message);
    }
}
