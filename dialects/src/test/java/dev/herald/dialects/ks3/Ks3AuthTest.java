package dev.herald.dialects.ks3;

import dev.herald.dialects.SignatureLimits;
import com.ksyun.ks3.http.HttpMethod;
import com.ksyun.ks3.service.Ks3ClientConfig.SignerVersion;
import dev.herald.dialects.Credential;
import dev.herald.dialects.CredentialLookup;
import dev.herald.dialects.HttpRequestView;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.herald.dialects.ks3.Ks3Requests.CAPTURED_AT;
import static dev.herald.dialects.ks3.Ks3Requests.HEAD_V2;
import static dev.herald.dialects.ks3.Ks3Requests.HEAD_V4;
import static dev.herald.dialects.ks3.Ks3Requests.SDK_ACCESS_KEY;
import static dev.herald.dialects.ks3.Ks3Requests.SDK_SECRET_KEY;
import static dev.herald.dialects.ks3.Ks3Requests.capture;
import static dev.herald.dialects.ks3.Ks3Requests.sdkSigned;
import static dev.herald.dialects.ks3.Ks3Requests.signedAt;
import static dev.herald.dialects.ks3.Ks3Requests.withBody;
import static dev.herald.dialects.ks3.Ks3Requests.withHeader;
import static dev.herald.dialects.ks3.Ks3Requests.withoutHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class Ks3AuthTest {
    private static final String BUCKET = "my-bucket";
    private static final String RULES = "{\"Notifications\":[{\"RuleId\":\"images\",\"Events\":[\"ks3:ObjectCreated:PutObject\"],"
            + "\"Destinations\":[{\"DestType\":\"Endpoint\",\"CallbackUrl\":\"http://198.51.100.1:8080/ks3?ak=x\"}]}]}";
    private static final Credential SDK = new Credential(SDK_ACCESS_KEY, SDK_SECRET_KEY, List.of("*"));
    private static final CredentialLookup KNOWN = ak -> ak.equals(SDK_ACCESS_KEY) ? Optional.of(SDK) : Optional.empty();

    /** The AWS S3 documentation's example credential (its V2 and SigV4 examples below are signed with it). */
    private static final Credential AWS_EXAMPLE = new Credential("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", List.of());
    private static final CredentialLookup AWS_EXAMPLE_KEYS = ak -> Optional.of(AWS_EXAMPLE).filter(c -> c.accessKey().equals(ak));

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    private static Credential verify(HttpRequestView request) {
        return Ks3Auth.verify(request, BUCKET, KNOWN, at(signedAt(request)), SignatureLimits.DEFAULT);
    }

    // --- known-answer vectors ---

    @Test
    void theV2CaptureOfTheKs3JavaSdkVerifies() {
        HttpRequestView head = capture(HEAD_V2);
        assertThat(Ks3SignatureV2.stringsToSign(head, BUCKET, Ks3AuthScheme.KSS).getFirst())
                .isEqualTo("HEAD\n\napplication/xml\nSun, 22 Nov 2026 13:48:58 GMT\n/my-bucket/");
        assertThat(Ks3SignatureV2.sign(SDK_SECRET_KEY, "HEAD\n\napplication/xml\nSun, 22 Nov 2026 13:48:58 GMT\n/my-bucket/"))
                .isEqualTo("pZeg2pUO6x8nmErP8rtV+rmTIYM=");
        assertThat(Ks3Auth.verify(head, BUCKET, KNOWN, at(CAPTURED_AT), SignatureLimits.DEFAULT)).isEqualTo(SDK);
    }

    @Test
    void theV4CaptureOfTheKs3JavaSdkVerifies() {
        HttpRequestView head = capture(HEAD_V4);
        assertThat(Ks3SignatureV4.canonicalRequest(head, Ks3AuthScheme.KSS4,
                List.of("content-type", "host", "user-agent", "x-kss-content-sha256", "x-kss-date"),
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")).isEqualTo("""
                HEAD
                /my-bucket

                content-type:application/xml
                host:127.0.0.1:18085
                user-agent:ks3-kss-java-sdk/1.0.7(Linux/6.18.44-fc-v669/amd64;17.0.15)
                x-kss-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-kss-date:20261122T134858Z

                content-type;host;user-agent;x-kss-content-sha256;x-kss-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""");
        assertThat(Ks3Auth.verify(head, BUCKET, KNOWN, at(CAPTURED_AT), SignatureLimits.DEFAULT)).isEqualTo(SDK);
    }

    /** The S3 V2 documentation's examples: the same algorithm under the AWS name, as the KS3 Go SDK signs. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET    | /photos/puppy.jpg           |     | Tue, 27 Mar 2007 19:36:42 +0000 |                                 | bWq2s1WEIj+Ydj0vQ697zp+IXMU=",
            "GET    | /                           | acl | Tue, 27 Mar 2007 19:44:46 +0000 |                                 | c2WLPFtWHVgbEmeEG93a4cG37dM=",
            "DELETE | /johnsmith/photos/puppy.jpg |     | Tue, 27 Mar 2007 21:20:27 +0000 | Tue, 27 Mar 2007 21:20:26 +0000 | lx3byBScXR6KzyMaifNkardMwNk="})
    void theS3DocumentationsV2ExamplesVerifyAsTheAwsForm(String method, String path, String query, String date,
                                                          String amzDate, String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", path.startsWith("/johnsmith") ? "s3.amazonaws.com" : "johnsmith.s3.amazonaws.com");
        headers.put("Date", date);
        if (amzDate != null) {
            headers.put("x-amz-date", amzDate);
        }
        headers.put("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:" + signature);
        HttpRequestView request = Ks3Requests.request(method, path, query, headers, "");
        Instant signedAt = ZonedDateTime.parse(amzDate != null ? amzDate : date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(Ks3Auth.verify(request, "johnsmith", AWS_EXAMPLE_KEYS, at(signedAt), SignatureLimits.DEFAULT)).isEqualTo(AWS_EXAMPLE);
    }

    /** The S3 SigV4 documentation's GET Object and GET Bucket Lifecycle examples. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/test.txt |           | host;range;x-amz-content-sha256;x-amz-date | f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
            "/         | lifecycle | host;x-amz-content-sha256;x-amz-date       | fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"})
    void theS3DocumentationsSigV4ExamplesVerifyAsTheAws4Form(String path, String query, String signedHeaders, String signature) {
        HttpRequestView request = Ks3Requests.request("GET", path, query, Map.of(
                "Host", "examplebucket.s3.amazonaws.com",
                "Range", "bytes=0-9",
                "x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "x-amz-date", "20130524T000000Z",
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                        + "SignedHeaders=" + signedHeaders + ",Signature=" + signature), "");
        assertThat(Ks3Auth.verify(request, "examplebucket", AWS_EXAMPLE_KEYS, at(Instant.parse("2013-05-24T00:05:00Z")), SignatureLimits.DEFAULT))
                .isEqualTo(AWS_EXAMPLE);
    }

    /** Expected signatures computed independently (Python hmac) over the string to sign in each comment. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // "PUT\n\napplication/json\nSun, 22 Nov 2026 13:48:58 GMT\n/my-bucket/?notification": the KS3 Go SDK's v2 form
            "AWS | PUT    | application/json | Sun, 22 Nov 2026 13:48:58 GMT | x-amz-date |                               | 5yW4yzRg4NVnoVRUP4GCcg7V+U8=",
            // "GET\n\n\n\nx-kss-date:Sun, 22 Nov 2026 13:48:58 GMT\n/my-bucket/?notification": empty date line, header signed
            "KSS | GET    |                  | Sun, 19 Nov 2026 00:00:00 GMT | x-kss-date | Sun, 22 Nov 2026 13:48:58 GMT | nMFj7Iz2tx1UVStJuypO51xEV6k=",
            // "GET\n\n\nSun, 22 Nov 2026 13:48:58 GMT\n/my-bucket/?notification": x-kss-date's value as the date line
            "KSS | GET    |                  |                               | x-kss-date | Sun, 22 Nov 2026 13:48:58 GMT | pfPnH1T3jKWyYsiCqkFnKX2bj8s="})
    void dateHeaderConventions(String scheme, String method, String contentType, String date, String vendorDateHeader,
                               String vendorDate, String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        if (date != null) {
            headers.put("Date", date);
        }
        if (vendorDate != null) {
            headers.put(vendorDateHeader, vendorDate);
        }
        headers.put("Authorization", scheme + " " + SDK_ACCESS_KEY + ":" + signature);
        HttpRequestView request = Ks3Requests.request(method, "/my-bucket", "notification", headers, "");
        // The clock is the vendor date's: an old Date header does not matter when x-kss-date is sent.
        assertThat(Ks3Auth.verify(request, BUCKET, KNOWN, at(CAPTURED_AT), SignatureLimits.DEFAULT)).isEqualTo(SDK);
    }

    /** "DELETE\n\n\nSun, 22 Nov 2026 13:48:58 GMT\nx-kss-a:1\nx-kss-b:two,three\n/my-bucket/?notification", Python hmac. */
    @Test
    void vendorHeadersAreSignedLowerCasedSortedAndJoined() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Kss-B", List.of("two", " three"));
        headers.put("x-kss-A", List.of("1"));
        headers.put("Date", List.of("Sun, 22 Nov 2026 13:48:58 GMT"));
        headers.put("Authorization", List.of("KSS " + SDK_ACCESS_KEY + ":d229XEuweBrBFOecdeycMoiDnJw="));
        HttpRequestView request = new HttpRequestView("DELETE", "/", "notification", headers, new byte[0]);
        assertThat(Ks3Auth.verify(request, BUCKET, KNOWN, at(CAPTURED_AT), SignatureLimits.DEFAULT)).as("virtual-host style, path /").isEqualTo(SDK);
    }

    // --- the KS3 Java SDK's own signers ---

    @ParameterizedTest
    @CsvSource({"PUT, V2", "PUT, V4", "PUT, V4_UNSIGNED_PAYLOAD_SIGNER", "GET, V2", "GET, V4", "DELETE, V2", "DELETE, V4"})
    void requestsSignedByTheKs3JavaSdkVerify(HttpMethod method, SignerVersion version) {
        String body = method == HttpMethod.PUT ? RULES : "";
        HttpRequestView request = sdkSigned(method, BUCKET, body, version, SDK_ACCESS_KEY, SDK_SECRET_KEY);
        assertThat(request.rawPath()).isEqualTo("/my-bucket");
        assertThat(request.rawQuery()).isEqualTo("notification");
        assertThat(verify(request)).isEqualTo(SDK);
    }

    @Test
    void theSdksV4PutSignsTheBodysHash() {
        HttpRequestView put = sdkSigned(HttpMethod.PUT, BUCKET, RULES, SignerVersion.V4, SDK_ACCESS_KEY, SDK_SECRET_KEY);
        assertThat(put.header("Authorization")).startsWith("KSS4-HMAC-SHA256 Credential=AKKS3TEST0000000/")
                .contains("/BEIJING/ks3/kss4_request, SignedHeaders=content-type;host;user-agent;x-kss-content-sha256;x-kss-date, ");
        assertThat(put.header("X-Kss-content-sha256")).hasSize(64).isNotEqualTo(Ks3SignatureV4.UNSIGNED_PAYLOAD);
    }

    // --- refusals ---

    @ParameterizedTest
    @ValueSource(strings = {"V2", "V4"})
    void aWrongSecretDoesNotMatch(SignerVersion version) {
        HttpRequestView request = sdkSigned(HttpMethod.PUT, BUCKET, RULES, version, SDK_ACCESS_KEY, "SKKS3TEST0000001");
        assertRefused(() -> verify(request), "SignatureDoesNotMatch", 403);
    }

    @Test
    void theV2CaptureWithAWrongSecretNamesWhatIsSigned() {
        CredentialLookup wrongSecret = ak -> Optional.of(new Credential(ak, "TOPSECRET", List.of()));
        assertRefused(() -> Ks3Auth.verify(capture(HEAD_V2), BUCKET, wrongSecret, at(CAPTURED_AT), SignatureLimits.DEFAULT), "SignatureDoesNotMatch", 403,
                "the request signature does not match the KSS signature Herald calculated; check the secret key and the "
                        + "signing of method, Content-MD5, Content-Type, date, x-kss-* headers and the resource /my-bucket/...");
        assertThatThrownBy(() -> Ks3Auth.verify(capture(HEAD_V4), BUCKET, wrongSecret, at(CAPTURED_AT), SignatureLimits.DEFAULT))
                .hasMessageNotContaining("TOPSECRET").hasMessageNotContaining(SDK_SECRET_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {HEAD_V2, HEAD_V4})
    void anUnknownAccessKeyIsRefused(String capture) {
        assertRefused(() -> Ks3Auth.verify(capture(capture), BUCKET, ak -> Optional.empty(), at(CAPTURED_AT), SignatureLimits.DEFAULT),
                "InvalidAccessKeyId", 403, "the access key 'AKKS3TEST0000000' is not known to Herald");
    }

    @ParameterizedTest
    @ValueSource(strings = {HEAD_V2, HEAD_V4})
    void aRequestTimeMoreThanFifteenMinutesFromHeraldsClockIsRefused(String capture) {
        Duration fifteen = Duration.ofMinutes(15);
        assertThat(Ks3Auth.verify(capture(capture), BUCKET, KNOWN, at(CAPTURED_AT.plus(fifteen)), SignatureLimits.DEFAULT)).isEqualTo(SDK);
        assertThat(Ks3Auth.verify(capture(capture), BUCKET, KNOWN, at(CAPTURED_AT.minus(fifteen)), SignatureLimits.DEFAULT)).isEqualTo(SDK);
        assertRefused(() -> Ks3Auth.verify(capture(capture), BUCKET, KNOWN, at(CAPTURED_AT.plus(fifteen).plusSeconds(1)), SignatureLimits.DEFAULT),
                "RequestTimeTooSkewed", 403);
        assertRefused(() -> Ks3Auth.verify(capture(capture), BUCKET, KNOWN, at(CAPTURED_AT.minus(fifteen).minusSeconds(1)), SignatureLimits.DEFAULT),
                "RequestTimeTooSkewed", 403);
    }

    @Test
    void theSkewMessageNamesBothTimes() {
        assertRefused(() -> Ks3Auth.verify(capture(HEAD_V4), BUCKET, KNOWN, at(Instant.parse("2026-11-22T14:05:00Z")), SignatureLimits.DEFAULT),
                "RequestTimeTooSkewed", 403, "the request time 20261122T134858Z (x-kss-date) is more than 15 minutes "
                        + "from Herald's time 2026-11-22T14:05:00Z");
    }

    @Test
    void aTamperedBodyUnderV4IsRefused() {
        HttpRequestView put = sdkSigned(HttpMethod.PUT, BUCKET, RULES, SignerVersion.V4, SDK_ACCESS_KEY, SDK_SECRET_KEY);
        HttpRequestView tampered = withBody(put, RULES.replace("198.51.100.1", "203.0.113.9"));
        assertRefused(() -> verify(tampered), "SignatureDoesNotMatch", 403);
        assertThatThrownBy(() -> verify(tampered)).hasMessageStartingWith(
                "the request body does not match its x-kss-content-sha256 header: the body's SHA-256 is ");
    }

    @Test
    void aTamperedBodyWithAMatchingHashHeaderStillFailsTheSignature() {
        HttpRequestView put = sdkSigned(HttpMethod.PUT, BUCKET, "{}", SignerVersion.V4, SDK_ACCESS_KEY, SDK_SECRET_KEY);
        HttpRequestView tampered = withHeader(withBody(put, ""), "X-Kss-content-sha256",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertRefused(() -> verify(tampered), "SignatureDoesNotMatch", 403);
    }

    /** What the signature schemes do not cover, stated so that nobody relies on it. */
    @Test
    void unsignedPayloadsAndV2LeaveTheBodyUnsigned() {
        HttpRequestView unsignedPayload = sdkSigned(HttpMethod.PUT, BUCKET, RULES, SignerVersion.V4_UNSIGNED_PAYLOAD_SIGNER,
                SDK_ACCESS_KEY, SDK_SECRET_KEY);
        assertThat(unsignedPayload.header("X-Kss-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
        assertThat(verify(withBody(unsignedPayload, "{}"))).isEqualTo(SDK);
        HttpRequestView v2 = sdkSigned(HttpMethod.PUT, BUCKET, RULES, SignerVersion.V2, SDK_ACCESS_KEY, SDK_SECRET_KEY);
        assertThat(verify(withBody(v2, "{}"))).isEqualTo(SDK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"V2", "V4"})
    void aRequestForAnotherBucketOrSubResourceDoesNotMatch(SignerVersion version) {
        HttpRequestView get = sdkSigned(HttpMethod.GET, BUCKET, "", version, SDK_ACCESS_KEY, SDK_SECRET_KEY);
        HttpRequestView otherPath = new HttpRequestView("GET", "/other-bucket", "notification", get.headers(), get.body());
        assertRefused(() -> Ks3Auth.verify(otherPath, "other-bucket", KNOWN, at(signedAt(get)), SignatureLimits.DEFAULT), "SignatureDoesNotMatch", 403);
        HttpRequestView otherQuery = new HttpRequestView("GET", "/my-bucket", "acl", get.headers(), get.body());
        assertRefused(() -> verify(otherQuery), "SignatureDoesNotMatch", 403);
        HttpRequestView otherMethod = new HttpRequestView("DELETE", get.rawPath(), get.rawQuery(), get.headers(), get.body());
        assertRefused(() -> verify(otherMethod), "SignatureDoesNotMatch", 403);
    }

    @ParameterizedTest
    @ValueSource(strings = {HEAD_V2, HEAD_V4})
    void aRequestWithoutAuthorizationIsDenied(String capture) {
        assertRefused(() -> verify(withoutHeader(capture(capture), "Authorization")), "AccessDenied", 403,
                "missing Authorization header: Herald only accepts signed KS3 requests");
    }

    @Test
    void aRequestWithoutItsDateHeaderIsDenied() {
        assertRefused(() -> Ks3Auth.verify(withoutHeader(capture(HEAD_V2), "Date"), BUCKET, KNOWN, at(CAPTURED_AT), SignatureLimits.DEFAULT),
                "AccessDenied", 403, "a KSS-signed request needs a Date or x-kss-date header");
        assertRefused(() -> Ks3Auth.verify(withoutHeader(capture(HEAD_V4), "X-Kss-Date"), BUCKET, KNOWN, at(CAPTURED_AT), SignatureLimits.DEFAULT),
                "AccessDenied", 403, "a KSS4-HMAC-SHA256-signed request needs an x-kss-date header");
        assertRefused(() -> Ks3Auth.verify(withHeader(capture(HEAD_V2), "Date", "yesterday"), BUCKET, KNOWN, at(CAPTURED_AT), SignatureLimits.DEFAULT),
                "AccessDenied", 403, "the Date header 'yesterday' is not an HTTP date like 'Sun, 22 Nov 2026 13:48:58 GMT'");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "KSS AKKS3TEST0000000",
            "KSS :pZeg2pUO6x8nmErP8rtV+rmTIYM=",
            "KSS AKKS3TEST0000000:",
            "KSS4-HMAC-SHA256 Credential=AKKS3TEST0000000/20261122/BEIJING/ks3/kss4_request, SignedHeaders=host",
            "KSS4-HMAC-SHA256 Credential=AKKS3TEST0000000/20261122/BEIJING/ks3/kss4_request, SignedHeaders=host, Signature=abc",
            "KSS4-HMAC-SHA256 Credential=AKKS3TEST0000000/20261122/BEIJING/ks3/aws4_request, SignedHeaders=host, "
                    + "Signature=ac3ef29d728c12453913408d41b128d3d55d156dce30e9369eabeeddf47a881f",
            "KSS4-HMAC-SHA256 Credential=AKKS3TEST0000000/20261121/BEIJING/ks3/kss4_request, SignedHeaders=host, "
                    + "Signature=ac3ef29d728c12453913408d41b128d3d55d156dce30e9369eabeeddf47a881f",
            "KSS4-HMAC-SHA256 Credential=AKKS3TEST0000000/BEIJING/ks3/kss4_request, SignedHeaders=host, "
                    + "Signature=ac3ef29d728c12453913408d41b128d3d55d156dce30e9369eabeeddf47a881f",
            "bce-auth-v1/AKKS3TEST0000000/2026-11-22T13:48:58Z/1800//abc"})
    void anUnparsableAuthorizationIsMalformed(String authorization) {
        HttpRequestView request = withHeader(capture(HEAD_V4), "Authorization", authorization);
        assertRefused(() -> Ks3Auth.verify(request, BUCKET, KNOWN, at(CAPTURED_AT), SignatureLimits.DEFAULT), "AuthorizationHeaderMalformed", 400);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "KSS AK:sig | true", "KSS4-HMAC-SHA256 Credential=x | true", "AWS AK:sig | true",
            "AWS4-HMAC-SHA256 Credential=x | true", "KSS4-HMAC-SHA256x | false", "kss AK:sig | false", "QS AK:sig | false",
            "bce-auth-v1/ak/2026-11-22T13:48:58Z/1800//sig | false", "KSSAK:sig | false", "AWS4 | false"})
    void claimsTheFourKs3Schemes(String authorization, boolean claimed) {
        assertThat(Ks3Auth.claims(withHeader(capture(HEAD_V2), "Authorization", authorization))).isEqualTo(claimed);
    }

    @Test
    void doesNotClaimUnsignedRequests() {
        assertThat(Ks3Auth.claims(withoutHeader(capture(HEAD_V2), "Authorization"))).isFalse();
    }

    @Test
    void uriEncodingKeepsUnreservedCharactersOnly() {
        assertThat(Ks3Auth.uriEncode("a b/c~d*e+f%é", true)).isEqualTo("a%20b/c~d%2Ae%2Bf%25%C3%A9");
        assertThat(Ks3Auth.uriEncode("a/b", false)).isEqualTo("a%2Fb");
    }

    @Test
    void theV2ResourceEncodesTheKeyLikeTheSdk() {
        HttpRequestView pathStyle = Ks3Requests.request("GET", "/my-bucket/dir/a%20b.jpg", "acl&versionId=3&foo=bar&uploads",
                Map.of(), "");
        assertThat(Ks3SignatureV2.canonicalResource(pathStyle, BUCKET)).isEqualTo("/my-bucket/dir/a%20b.jpg?acl&uploads&versionId=3");
        HttpRequestView leadingSlashKey = Ks3Requests.request("GET", "//x", null, Map.of(), "");
        assertThat(Ks3SignatureV2.canonicalResource(leadingSlashKey, BUCKET)).isEqualTo("/my-bucket/%2Fx");
    }

    /** The refusal {@code call} ends in, after checking its code and status. */
    private static Ks3Exception refusal(ThrowingCallable call, String code, int status) {
        Ks3Exception refusal = catchThrowableOfType(Ks3Exception.class, call);
        assertThat(refusal).as("a Ks3Exception").isNotNull();
        assertThat(refusal.error().code() + " " + refusal.error().httpStatus()).isEqualTo(code + " " + status);
        return refusal;
    }

    private static void assertRefused(ThrowingCallable call, String code, int status) {
        refusal(call, code, status);
    }

    private static void assertRefused(ThrowingCallable call, String code, int status, String message) {
        assertThat(refusal(call, code, status)).hasMessage(message);
    }
}
