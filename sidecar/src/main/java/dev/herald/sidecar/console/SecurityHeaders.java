package dev.herald.sidecar.console;

import dev.herald.dialects.HttpReply;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Headers on every console answer. The policy allows only the console's own files: no inline
 * script or style, no other origin, no framing (clickjacking), no form posted elsewhere. The
 * referrer policy is {@code same-origin}: under {@code no-referrer} a browser posts the sign-in
 * form with {@code Origin: null}, which the sign-in's origin check refuses.
 */
final class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin",
            "Cache-Control", "no-store");

    private SecurityHeaders() {
    }

    static HttpReply on(HttpReply reply) {
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.putAll(HEADERS);
        return new HttpReply(reply.status(), headers, reply.body());
    }
}
