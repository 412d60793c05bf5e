package dev.herald.dialects;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a dialect answers: status, headers and the exact body bytes. */
public record HttpReply(int status, Map<String, String> headers, byte[] body) {

    public HttpReply {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public static HttpReply json(int status, String json, Map<String, String> extraHeaders) {
        Map<String, String> h = new LinkedHashMap<>(extraHeaders);
        h.put("Content-Type", "application/json; charset=utf-8");
        return new HttpReply(status, h, json.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpReply empty(int status, Map<String, String> extraHeaders) {
        return new HttpReply(status, extraHeaders, new byte[0]);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
