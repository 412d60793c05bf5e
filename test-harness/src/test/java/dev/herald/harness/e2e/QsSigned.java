package dev.herald.harness.e2e;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * A {@code QS} signed notification request, computed here from QingStor's documented algorithm
 * (string to sign with {@code X-QS-Date}, HMAC-SHA256, Base64), independently of Herald's verifier.
 * The QingStor SDK itself is tested in its own module: it cannot share this classpath.
 */
final class QsSigned {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private QsSigned() {
    }

    static HttpResponse<String> send(URI herald, String method, String bucket, String json, String accessKey, String secretKey) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC));
        String contentType = json.isEmpty() ? "" : "application/json";
        String stringToSign = method + "\n\n" + contentType + "\n\n" + "x-qs-date:" + date + "\n/" + bucket + "?notification";
        String signature;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            signature = Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(herald.resolve("/" + bucket + "?notification"))
                .header("X-QS-Date", date)
                .header("Authorization", "QS " + accessKey + ":" + signature)
                .method(method, json.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + bucket + "?notification failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
