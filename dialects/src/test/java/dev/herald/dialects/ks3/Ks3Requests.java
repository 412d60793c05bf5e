package dev.herald.dialects.ks3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ksyun.ks3.dto.Authorization;
import com.ksyun.ks3.http.HttpMethod;
import com.ksyun.ks3.http.Request;
import com.ksyun.ks3.service.Ks3ClientConfig;
import com.ksyun.ks3.signer.DefaultSigner;
import dev.herald.dialects.HttpRequestView;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests for the KS3 tests: the captured KS3 Java SDK traffic in {@code src/test/resources/ks3/},
 * requests signed by the KS3 Java SDK's own signers, and edits of either.
 */
final class Ks3Requests {
    static final String SDK_ACCESS_KEY = "AKKS3TEST0000000";
    static final String SDK_SECRET_KEY = "SKKS3TEST0000000";
    static final String HEAD_V2 = "ks3-kss-java-sdk-1.0.7-head-bucket-signer-v2.json";
    static final String HEAD_V4 = "ks3-kss-java-sdk-1.0.7-head-bucket-signer-v4.json";
    /** Both captures were signed at this second (their Date and X-Kss-Date). */
    static final Instant CAPTURED_AT = Instant.parse("2026-11-22T13:48:58Z");
    static final String ENDPOINT = "127.0.0.1:9100";

    private Ks3Requests() {
    }

    /** A file of {@code src/test/resources/ks3/}. */
    static String resource(String name) {
        URL url = Ks3Requests.class.getResource("/ks3/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource ks3/" + name);
        }
        try {
            return Files.readString(Path.of(url.toURI()));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read test resource ks3/" + name, e);
        }
    }

    /** A captured request, headers and body exactly as they came over the wire. */
    static HttpRequestView capture(String name) {
        try {
            JsonNode capture = new ObjectMapper().readTree(resource(name));
            URI target = URI.create(capture.get("path").asText());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            capture.get("headers").forEach(h -> headers.computeIfAbsent(h.get(0).asText(), k -> new ArrayList<>()).add(h.get(1).asText()));
            return new HttpRequestView(capture.get("method").asText(), target.getRawPath(), target.getRawQuery(), headers,
                    capture.get("body_text").asText().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request with one value per header, in the order given. */
    static HttpRequestView request(String method, String rawPath, String rawQuery, Map<String, String> headers, String body) {
        return HttpRequestView.of(method, rawPath, rawQuery, headers, body);
    }

    /**
     * {@code method /bucket?notification} with {@code body}, signed by the KS3 Java SDK 1.0.7's
     * {@link DefaultSigner} (V2: {@code AuthUtils}, V4: {@code Ks3V4Signer}) at the current time, path
     * style, as a client configured with {@code setPathStyleAccess(true)} sends it; plus the
     * {@code Host} and {@code Content-Length} its HTTP client adds.
     */
    static HttpRequestView sdkSigned(HttpMethod method, String bucket, String body, Ks3ClientConfig.SignerVersion version,
                                     String accessKey, String secretKey) {
        return sdkSigned(method, bucket, body, version, accessKey, secretKey, null);
    }

    /** Like the above; a V2 request is signed with {@code Date: date} instead of the current time (the SDK keeps a preset Date). */
    static HttpRequestView sdkSigned(HttpMethod method, String bucket, String body, Ks3ClientConfig.SignerVersion version,
                                     String accessKey, String secretKey, Instant date) {
        Ks3ClientConfig config = new Ks3ClientConfig();
        config.setEndpoint(ENDPOINT);
        config.setPathStyleAccess(true);
        config.setVersion(version);
        Request request = new Request();
        request.setMethod(method);
        request.setBucket(bucket);
        request.setEndpoint(ENDPOINT);
        request.setRegion("BEIJING");
        request.addQueryParam("notification", "");
        request.addHeader("Content-Type", "application/json");
        request.addHeader("User-Agent", "ks3-kss-java-sdk/1.0.7");
        if (date != null) {
            request.addHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atOffset(ZoneOffset.UTC)));
        }
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
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
        headers.putIfAbsent("Host", List.of(ENDPOINT));
        headers.put("Content-Length", List.of(Integer.toString(bytes.length)));
        return new HttpRequestView(method.name(), url.getRawPath(), url.getRawQuery(), headers, bytes);
    }

    /** When a request was signed: its X-Kss-Date (V4) or Date (V2). */
    static Instant signedAt(HttpRequestView request) {
        String kssDate = request.header("X-Kss-Date");
        return kssDate != null
                ? LocalDateTime.parse(kssDate, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(ZoneOffset.UTC)
                : ZonedDateTime.parse(request.header("Date"), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    static HttpRequestView withHeader(HttpRequestView request, String name, String value) {
        return request.withHeader(name, value);
    }

    static HttpRequestView withoutHeader(HttpRequestView request, String name) {
        return request.withoutHeader(name);
    }

    static HttpRequestView withBody(HttpRequestView request, String body) {
        return new HttpRequestView(request.method(), request.rawPath(), request.rawQuery(), request.headers(),
                body.getBytes(StandardCharsets.UTF_8));
    }

}
