package dev.herald.dialects.qingstor;

import dev.herald.dialects.ConfigApiClient;
import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpRequestView;

import java.time.Instant;
import java.util.Optional;

/**
 * QingStor's {@code PUT|GET|DELETE /{bucket}?notification} as the QingStor Java SDK sends it
 * ({@code shared/fixtures/sdk-wire/qingstor.sdk.java-2.6.5-*}): a {@code Date}, a
 * {@code Content-Type: application/json} only with a body, and the {@code QS} signature
 * ({@link QingStorRequestSigner}). Refusals are {@code {"code","message","request_id","url"}}.
 */
public final class QingStorConfigApiClient implements ConfigApiClient {

    @Override
    public HttpRequestView request(String method, String bucket, byte[] body, String host, Credential credential,
                                   Instant at) {
        String contentType = body.length > 0 ? "application/json" : null;
        HttpRequestView request = ConfigApiClient.unsigned(method, "/" + bucket, body, host, contentType, at);
        return request.withHeader("Authorization",
                QingStorRequestSigner.authorization(request, credential.accessKey(), credential.secretKey()));
    }

    @Override
    public Optional<Refusal> refusal(byte[] body) {
        return ConfigApiClient.jsonRefusal(body);
    }
}
