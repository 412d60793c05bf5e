package dev.herald.sidecar.delivery;

import dev.herald.dialects.OutboundPush;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One attempt's HTTP request as the signers build it up: the push's method, URL, content type and
 * body, and its headers (the push's fixed ones first, then each signer's).
 *
 * @param timeout          this attempt's timeout, or {@code null} for the transport's default
 * @param maxResponseBytes how much of the response body to keep; 0 discards it (every push: only the status counts)
 */
public record PushRequest(String method, String url, String contentType, byte[] body, Map<String, String> headers,
                          Duration timeout, int maxResponseBytes) {

    static PushRequest of(OutboundPush push, Duration timeout) {
        return new PushRequest(push.method(), push.targetUrl(), push.contentType(), push.body(),
                new LinkedHashMap<>(push.headers()), timeout, 0);
    }

    @Override
    public String toString() {
        return "PushRequest[" + method + " " + url + "]";
    }
}
