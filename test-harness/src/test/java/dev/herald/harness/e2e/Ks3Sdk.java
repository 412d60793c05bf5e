package dev.herald.harness.e2e;

import com.ksyun.ks3.dto.Authorization;
import com.ksyun.ks3.http.HttpMethod;
import com.ksyun.ks3.http.Request;
import com.ksyun.ks3.service.Ks3ClientConfig;
import com.ksyun.ks3.signer.DefaultSigner;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * KS3 notification requests signed by the official KS3 Java SDK's own signers (V2 {@code KSS}
 * and V4 {@code KSS4-HMAC-SHA256}). The SDK has no notification API, so the request is built and
 * signed with its classes and sent as raw bytes, exactly as signed.
 */
final class Ks3Sdk {
    private Ks3Sdk() {
    }

    record Reply(int status, String body) {
    }

    static Reply send(URI herald, HttpMethod method, String bucket, String body, Ks3ClientConfig.SignerVersion version,
                      String accessKey, String secretKey) {
        String endpoint = herald.getHost() + ":" + herald.getPort();
        Ks3ClientConfig config = new Ks3ClientConfig();
        config.setEndpoint(endpoint);
        config.setPathStyleAccess(true);
        config.setVersion(version);
        Request request = new Request();
        request.setMethod(method);
        request.setBucket(bucket);
        request.setEndpoint(endpoint);
        request.setRegion("BEIJING");
        request.addQueryParam("notification", "");
        request.addHeader("Content-Type", "application/json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            request.setContent(new ByteArrayInputStream(bytes));
        }
        Authorization credentials = new Authorization(accessKey, secretKey);
        if (version == Ks3ClientConfig.SignerVersion.V2) {
            new DefaultSigner().sign(credentials, request);
        } else {
            new DefaultSigner().signV4(credentials, request, config);
        }
        URI url = URI.create(request.toUrl(config));
        StringBuilder head = new StringBuilder(method.name() + " " + url.getRawPath()
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()) + " HTTP/1.1\r\n");
        request.getHeaders().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        head.append("Host: ").append(endpoint).append("\r\nContent-Length: ").append(bytes.length)
                .append("\r\nConnection: close\r\n\r\n");
        try (Socket socket = new Socket(herald.getHost(), herald.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("KS3 request to " + herald + " failed", e);
        }
    }

    private static Reply parse(InputStream in) throws IOException {
        String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int status = Integer.parseInt(response.substring(9, 12));
        int bodyStart = response.indexOf("\r\n\r\n");
        return new Reply(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
    }
}
