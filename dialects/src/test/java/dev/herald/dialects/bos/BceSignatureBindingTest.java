package dev.herald.dialects.bos;

import dev.herald.dialects.Credential;
import dev.herald.dialects.CredentialLookup;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.SignatureLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a bce-auth-v1 signature binds a request to (issue 16, item 5): its server, its body, a bounded time. */
class BceSignatureBindingTest {
    private static final Instant NOW = Instant.parse("2026-11-22T13:48:57Z");
    private static final Credential KEY = new Credential("ak", "sk", List.of("*"));
    private static final CredentialLookup KNOWN = ak -> Optional.of(KEY).filter(c -> c.accessKey().equals(ak));
    private static final String RULES = "{\"notifications\":[]}";

    private static HttpRequestView put(String body, Map<String, String> extra) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Host", "herald.example:9100");
        headers.put("Content-Type", "application/json");
        headers.put("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        headers.putAll(extra);
        return HttpRequestView.of("PUT", "/v1/my-bucket", "notification", headers, body);
    }

    private static HttpRequestView signed(HttpRequestView request, Instant at, int expiration, List<String> headers) {
        return request.withHeader("Authorization", BceAuthV1.sign(request, "ak", "sk", at, expiration, headers));
    }

    private static Credential verify(HttpRequestView request, Instant now, SignatureLimits limits) {
        return BceAuthV1.verify(request, KNOWN, Clock.fixed(now, ZoneOffset.UTC), limits);
    }

    private static void assertRefused(HttpRequestView request, Instant now, SignatureLimits limits, BosErrorCode code,
                                      String message) {
        assertThatThrownBy(() -> verify(request, now, limits)).isInstanceOfSatisfying(BosException.class, e -> {
            assertThat(e.error()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void aSignatureThatLeavesOutHostIsRefused() {
        HttpRequestView request = signed(put(RULES, Map.of()), NOW, 1800, List.of("content-length", "content-type"));
        assertRefused(request, NOW, SignatureLimits.DEFAULT, BosErrorCode.INVALID_HTTP_AUTH_HEADER,
                "the signed headers must include host");
        // Listing host is enough, and so is the default set, which includes it.
        assertThat(verify(signed(put(RULES, Map.of()), NOW, 1800, List.of("host")), NOW, SignatureLimits.DEFAULT))
                .isEqualTo(KEY);
        assertThat(verify(signed(put(RULES, Map.of()), NOW, 1800, List.of()), NOW, SignatureLimits.DEFAULT)).isEqualTo(KEY);
    }

    /** The body's hash as each header carries it: base64 MD5, hex SHA-256. */
    private static String hash(String header) throws Exception {
        byte[] body = RULES.getBytes(StandardCharsets.UTF_8);
        return header.equals("Content-MD5")
                ? Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body))
                : HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-MD5", "x-bce-content-sha256"})
    void aSignedContentHashBindsTheBody(String header) throws Exception {
        HttpRequestView original = signed(put(RULES, Map.of(header, hash(header))), NOW, 1800, List.of());
        assertThat(verify(original, NOW, SignatureLimits.DEFAULT)).isEqualTo(KEY);

        // Replayed with an attacker's rules of the same length: every signed header is unchanged.
        HttpRequestView replayed = new HttpRequestView("PUT", original.rawPath(), original.rawQuery(), original.headers(),
                RULES.replace("[]", "[1").getBytes(StandardCharsets.UTF_8));
        assertRefused(replayed, NOW, SignatureLimits.DEFAULT, BosErrorCode.BAD_DIGEST, "signed " + header);
    }

    @Test
    void aDeclaredExpirationBeyondTheCapIsCutToIt() {
        Instant in2015 = Instant.parse("2015-04-27T08:23:49Z");
        HttpRequestView forever = signed(put(RULES, Map.of()), in2015, Integer.MAX_VALUE, List.of());
        assertRefused(forever, NOW, SignatureLimits.DEFAULT, BosErrorCode.REQUEST_EXPIRED,
                "expired at 2015-04-27T09:23:49Z (Herald accepts header signatures for at most 1 hour");
        // Within the cap it still works, up to the last second.
        HttpRequestView day = signed(put(RULES, Map.of()), NOW, 86_400, List.of());
        assertThat(verify(day, NOW.plus(Duration.ofHours(1)), SignatureLimits.DEFAULT)).isEqualTo(KEY);
        assertRefused(day, NOW.plus(Duration.ofHours(1)).plusSeconds(1), SignatureLimits.DEFAULT,
                BosErrorCode.REQUEST_EXPIRED, "expired at 2026-11-22T14:48:57Z");
    }

    @Test
    void theLimitsAreTheConfiguredOnes() {
        SignatureLimits strict = new SignatureLimits(Duration.ofMinutes(10), Duration.ofDays(1), Duration.ofMinutes(1));
        HttpRequestView request = signed(put(RULES, Map.of()), NOW, 1800, List.of());
        assertThat(verify(request, NOW.plusSeconds(600), strict)).isEqualTo(KEY);
        assertRefused(request, NOW.plusSeconds(601), strict, BosErrorCode.REQUEST_EXPIRED, "at most 10 minutes");
        assertRefused(request, NOW.minusSeconds(61), strict, BosErrorCode.REQUEST_EXPIRED,
                "is more than 1 minute ahead of Herald's time");
    }
}
