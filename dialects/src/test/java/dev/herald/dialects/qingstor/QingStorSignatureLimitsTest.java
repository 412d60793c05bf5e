package dev.herald.dialects.qingstor;

import dev.herald.dialects.Credential;
import dev.herald.dialects.CredentialLookup;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.SignatureLimits;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static dev.herald.dialects.qingstor.QingStorFixtures.presigned;
import static dev.herald.dialects.qingstor.QingStorFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** QingStor signatures under Herald's caps (issue 16, item 5): bounded presigned life, the body bound by Content-MD5. */
class QingStorSignatureLimitsTest {
    private static final Instant NOW = Instant.parse("2026-11-22T13:49:07Z");
    private static final Credential KEY = new Credential("ak", "sk", List.of("*"));
    private static final CredentialLookup KNOWN = ak -> Optional.of(KEY).filter(c -> c.accessKey().equals(ak));

    private static Credential verify(HttpRequestView request) {
        return QingStorAuth.verify(request, "my-bucket", false, KNOWN, Clock.fixed(NOW, ZoneOffset.UTC),
                SignatureLimits.DEFAULT);
    }

    private static void assertRefused(HttpRequestView request, QingStorErrorCode code, String message) {
        assertThatThrownBy(() -> verify(request)).isInstanceOfSatisfying(QingStorException.class, e -> {
            assertThat(e.error()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message);
        });
    }

    private static HttpRequestView presignedUntil(long expires) {
        return presigned(request("GET", "/my-bucket", "", NOW), "ak", "sk", "/my-bucket?notification", expires);
    }

    @Test
    void aQuerySignatureExpiringInAHundredYearsIsRefused() {
        long hundredYears = NOW.plus(Duration.ofDays(36_525)).getEpochSecond();
        assertRefused(presignedUntil(hundredYears), QingStorErrorCode.REQUEST_EXPIRED,
                "more than 7 days after Herald's time 2026-11-22T13:49:07Z (security.signatures.maxPresignedValidity)");
        assertThat(verify(presignedUntil(NOW.plus(Duration.ofDays(7)).getEpochSecond()))).isEqualTo(KEY);
    }

    @Test
    void expiriesBeyondAnyInstantAreRefusedNotThrown() {
        assertRefused(presignedUntil(Long.MAX_VALUE), QingStorErrorCode.REQUEST_EXPIRED, "more than 7 days");
        assertRefused(presignedUntil(Long.MIN_VALUE), QingStorErrorCode.REQUEST_EXPIRED, "expired at");
    }

    @Test
    void aSignedContentMd5BindsTheBody() {
        String body = "{\"notifications\":[]}";
        HttpRequestView unsigned = request("PUT", "/my-bucket", body, NOW)
                .withHeader("Content-MD5", "Kzl8Jx1OWU+dfD4+UafKQA==");
        HttpRequestView signed = unsigned.withHeader("Authorization", QingStorRequestSigner.authorization(unsigned, "ak", "sk"));
        assertThat(verify(signed)).isEqualTo(KEY);
        HttpRequestView replayed = new HttpRequestView("PUT", signed.rawPath(), signed.rawQuery(), signed.headers(),
                "{\"notifications\":[1]}".getBytes(StandardCharsets.UTF_8));
        assertRefused(replayed, QingStorErrorCode.BAD_DIGEST, "does not match its signed Content-MD5");
    }
}
