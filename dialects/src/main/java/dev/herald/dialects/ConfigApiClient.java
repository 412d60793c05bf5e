package dev.herald.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The client side of a vendor's {@code ?notification} config API, spoken as the vendor's SDK speaks
 * it: the signed request, and what a refusal says. Pure: the caller sends the request over HTTP.
 * Requests are path style ({@code /v1/{bucket}} or {@code /{bucket}}), which Herald serves for
 * every dialect.
 */
public interface ConfigApiClient {

    /**
     * The signed {@code method ?notification} request for {@code bucket}.
     *
     * @param method PUT (with {@code body}), GET or DELETE
     * @param body   the rules document for PUT; empty otherwise
     * @param host   the {@code Host} header the HTTP client will send ({@code 127.0.0.1:9100})
     * @param at     the signing time, also sent as the request's date
     */
    HttpRequestView request(String method, String bucket, byte[] body, String host, Credential credential, Instant at);

    /** The vendor error code and message of a refusal's body; empty when the body is not this vendor's error. */
    Optional<Refusal> refusal(byte[] body);

    /** A vendor error: {@code InvalidArgument}, {@code signature_not_matched}, ... and its message. */
    record Refusal(String code, String message) {
    }

    /** An HTTP date as request headers carry it: {@code Sun, 22 Nov 2026 13:48:57 GMT}. */
    static String httpDate(Instant at) {
        return DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC).format(at);
    }

    /**
     * The unsigned request: {@code Host}, {@code Date}, {@code Content-Type} when given and
     * {@code Content-Length} when there is a body, as an HTTP client sends a bodiless GET or DELETE
     * without one.
     */
    static HttpRequestView unsigned(String method, String path, byte[] body, String host, String contentType, Instant at) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of(host));
        headers.put("Date", List.of(httpDate(at)));
        if (contentType != null) {
            headers.put("Content-Type", List.of(contentType));
        }
        if (body.length > 0) {
            headers.put("Content-Length", List.of(Integer.toString(body.length)));
        }
        return new HttpRequestView(method, path, "notification", headers, body);
    }

    /** The {@code {"code","message",...}} JSON errors of BOS and QingStor. */
    static Optional<Refusal> jsonRefusal(byte[] body) {
        try {
            JsonNode error = new ObjectMapper().readTree(body);
            if (error != null && error.path("code").isTextual()) {
                return Optional.of(new Refusal(error.get("code").asText(), error.path("message").asText("")));
            }
        } catch (IOException notJson) {
            // not this vendor's error
        }
        return Optional.empty();
    }
}
