package dev.herald.dialects.webhooks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class StandardWebhooksTest {
    /** The published test vector of the Standard Webhooks reference libraries. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void reproducesTheReferenceVector() {
        var headers = StandardWebhooks.withSecrets(List.of(SECRET)).headers("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, BODY);
        assertThat(headers).containsExactly(
                entry("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
                entry("webhook-timestamp", "1614265330"),
                entry("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    @Test
    void theWhsecPrefixIsOptional() {
        var headers = StandardWebhooks.withSecrets(List.of(SECRET.substring(6))).headers("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, BODY);
        assertThat(headers.get("webhook-signature")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void everySecretSignsDuringARotation() {
        String other = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
        var headers = StandardWebhooks.withSecrets(List.of(other, SECRET)).headers("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, BODY);
        String[] signatures = headers.get("webhook-signature").split(" ");
        assertThat(signatures).hasSize(2);
        assertThat(signatures[0]).startsWith("v1,").isNotEqualTo(signatures[1]);
        assertThat(signatures[1]).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void refusesUnusableSecretsWithoutEchoingThem() {
        assertThatThrownBy(() -> StandardWebhooks.withSecrets(List.of("whsec_c2hvcnQ=")))
                .hasMessageContaining("5 bytes").hasMessageNotContaining("c2hvcnQ");
        assertThatThrownBy(() -> StandardWebhooks.withSecrets(List.of("whsec_not base64!")))
                .hasMessageContaining("not base64").hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> StandardWebhooks.withSecrets(List.of())).hasMessageContaining("at least one");
    }

    @Test
    void refusesAnIdWithADot() {
        assertThatThrownBy(() -> StandardWebhooks.withSecrets(List.of(SECRET)).headers("a.b", 1, BODY))
                .hasMessageContaining("'.'");
    }
}
