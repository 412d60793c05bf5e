package dev.herald.dialects.ks3;

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
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A V2-signed KS3 request is bound to its body by the Content-MD5 it signs (issue 16, item 5), and to a bounded time. */
class Ks3ContentDigestTest {
    private static final Instant NOW = Instant.parse("2026-11-22T13:48:58Z");
    private static final Credential KEY = new Credential("ak", "sk", List.of("*"));
    private static final CredentialLookup KNOWN = ak -> Optional.of(KEY).filter(c -> c.accessKey().equals(ak));
    private static final String BODY = "{\"notifications\":[]}";

    private static HttpRequestView signedPut(Instant at) {
        HttpRequestView unsigned = HttpRequestView.of("PUT", "/my-bucket", "notification", Map.of(
                "Host", "127.0.0.1:9100", "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC)),
                "Content-Type", "application/json", "Content-MD5", "Kzl8Jx1OWU+dfD4+UafKQA=="), BODY);
        return unsigned.withHeader("Authorization", Ks3RequestSigner.authorization(unsigned, "my-bucket", "ak", "sk"));
    }

    private static Credential verify(HttpRequestView request, Instant now, SignatureLimits limits) {
        return Ks3Auth.verify(request, "my-bucket", KNOWN, Clock.fixed(now, ZoneOffset.UTC), limits);
    }

    @Test
    void aReplayWithAnotherBodyIsRefused() {
        HttpRequestView original = signedPut(NOW);
        assertThat(verify(original, NOW, SignatureLimits.DEFAULT)).isEqualTo(KEY);
        HttpRequestView replayed = new HttpRequestView("PUT", original.rawPath(), original.rawQuery(), original.headers(),
                "{\"notifications\":[1]}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> verify(replayed, NOW, SignatureLimits.DEFAULT))
                .isInstanceOfSatisfying(Ks3Exception.class, e -> assertThat(e.error()).isEqualTo(Ks3ErrorCode.BadDigest))
                .hasMessage("the request body does not match its signed Content-MD5 header");
    }

    @Test
    void theConfiguredSkewIsTheWindow() {
        SignatureLimits tight = new SignatureLimits(Duration.ofHours(1), Duration.ofDays(7), Duration.ofMinutes(2));
        assertThat(verify(signedPut(NOW), NOW.plusSeconds(120), tight)).isEqualTo(KEY);
        assertThatThrownBy(() -> verify(signedPut(NOW), NOW.plusSeconds(121), tight))
                .isInstanceOfSatisfying(Ks3Exception.class,
                        e -> assertThat(e.error()).isEqualTo(Ks3ErrorCode.RequestTimeTooSkewed))
                .hasMessageContaining("is more than 2 minutes from Herald's time");
    }
}
