package dev.herald.dialects.bos;

import dev.herald.dialects.SignatureLimits;
import dev.herald.dialects.ConfigApiClient.Refusal;
import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpRequestView;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static dev.herald.dialects.bos.TestRequests.DELETE;
import static dev.herald.dialects.bos.TestRequests.GET;
import static dev.herald.dialects.bos.TestRequests.PUT;
import static dev.herald.dialects.bos.TestRequests.SDK_ACCESS_KEY;
import static dev.herald.dialects.bos.TestRequests.SDK_SECRET_KEY;
import static dev.herald.dialects.bos.TestRequests.capture;
import static org.assertj.core.api.Assertions.assertThat;

class BosConfigApiClientTest {
    private static final Instant CAPTURED_AT = Instant.parse("2026-11-22T13:48:57Z");
    private static final Credential SDK = new Credential(SDK_ACCESS_KEY, SDK_SECRET_KEY, List.of("*"));
    private final BosConfigApiClient client = new BosConfigApiClient();

    /** Same bucket, body, host and second as the BOS Java SDK's captured calls: the same signed headers. */
    @ParameterizedTest
    @ValueSource(strings = {PUT, GET, DELETE})
    void buildsTheRequestsTheSdkSent(String name) {
        HttpRequestView sdk = capture(name);
        HttpRequestView ours = client.request(sdk.method(), "my-bucket", sdk.body(), "127.0.0.1:18083", SDK, CAPTURED_AT);

        assertThat(ours.rawPath()).isEqualTo("/v1/my-bucket");
        assertThat(ours.rawQuery()).isEqualTo("notification");
        for (String header : List.of("Authorization", "Date", "Content-Type", "Host")) {
            assertThat(ours.header(header)).as(header).isEqualTo(sdk.header(header));
        }
        assertThat(ours.header("Content-Length")).isEqualTo(sdk.header("Content-Length"));
        assertThat(BceAuthV1.verify(ours, ak -> Optional.of(SDK), Clock.fixed(CAPTURED_AT, ZoneOffset.UTC), SignatureLimits.DEFAULT)).isEqualTo(SDK);
    }

    @Test
    void readsBceErrors() {
        byte[] error = BceErrorReply.of(BosErrorCode.SIGNATURE_DOES_NOT_MATCH, "wrong key", "req-1").body();
        assertThat(client.refusal(error)).contains(new Refusal("SignatureDoesNotMatch", "wrong key"));
        assertThat(client.refusal("{\"error\":\"no_such_route\"}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(client.refusal("<html>".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
