package dev.herald.harness.e2e;

import com.baidubce.auth.BceV1Signer;
import com.baidubce.auth.DefaultBceCredentials;
import com.baidubce.http.HttpMethodName;
import com.baidubce.internal.InternalRequest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A JSON POST signed by the BOS SDK's own {@link BceV1Signer} (default signed headers: host,
 * content-length, content-type and x-bce-*), for BCE APIs the SDK has no client for (the event bus).
 */
final class BceSigned {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BceSigned() {
    }

    static HttpResponse<String> post(URI url, String json, String accessKey, String secretKey) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        InternalRequest request = new InternalRequest(HttpMethodName.POST, url);
        request.addHeader("Host", url.getHost() + ":" + url.getPort());
        request.addHeader("Content-Type", "application/json;charset=UTF-8");
        request.addHeader("Content-Length", Integer.toString(body.length));
        request.addHeader("x-bce-request-id", java.util.UUID.randomUUID().toString());
        new BceV1Signer().sign(request, new DefaultBceCredentials(accessKey, secretKey));
        HttpRequest.Builder http = HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        // Host and Content-Length are the ones the JDK client sends anyway; it refuses to take them.
        request.getHeaders().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                http.header(name, value);
            }
        });
        try {
            return HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
