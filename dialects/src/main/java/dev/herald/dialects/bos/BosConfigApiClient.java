package dev.herald.dialects.bos;

import dev.herald.dialects.ConfigApiClient;
import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpRequestView;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * BOS's {@code PUT|GET|DELETE /v1/{bucket}?notification} as the BOS Java SDK sends it
 * ({@code shared/fixtures/sdk-wire/bce-java-sdk-0.10.448-*}): {@code Content-Type: application/json}
 * on PUT and {@code application/json; charset=utf-8} otherwise, a {@code Date}, and
 * {@code bce-auth-v1} over the default header set with an empty signed-header list and 1800 s of
 * validity. Refusals are {@code {"code","message","requestId"}}.
 */
public final class BosConfigApiClient implements ConfigApiClient {
    private static final String PUT_CONTENT_TYPE = "application/json";
    private static final String OTHER_CONTENT_TYPE = "application/json; charset=utf-8";

    @Override
    public HttpRequestView request(String method, String bucket, byte[] body, String host, Credential credential,
                                   Instant at) {
        String contentType = method.equals("PUT") ? PUT_CONTENT_TYPE : OTHER_CONTENT_TYPE;
        HttpRequestView request = ConfigApiClient.unsigned(method, "/v1/" + bucket, body, host, contentType, at);
        return request.withHeader("Authorization", BceAuthV1.sign(request, credential.accessKey(), credential.secretKey(),
                at, BceAuthV1.DEFAULT_EXPIRATION_SECONDS, List.of()));
    }

    @Override
    public Optional<Refusal> refusal(byte[] body) {
        return ConfigApiClient.jsonRefusal(body);
    }
}
