package dev.herald.dialects.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Standard Webhooks v1 headers (standardwebhooks.com, spec 1.0.0): {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds of this attempt) and {@code webhook-signature}, a
 * space-separated list of {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, one per
 * secret, so a receiver can rotate keys without downtime. Secrets are given as
 * {@code whsec_<base64>} (the prefix is optional) and must decode to 24 to 64 bytes.
 */
public final class StandardWebhooks {
    private static final int MIN_KEY_BYTES = 24;
    private static final int MAX_KEY_BYTES = 64;

    private final List<byte[]> keys;

    private StandardWebhooks(List<byte[]> keys) {
        this.keys = keys;
    }

    /** @throws IllegalArgumentException naming the problem (never the secret) when a secret is unusable */
    public static StandardWebhooks withSecrets(List<String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is required");
        }
        return new StandardWebhooks(secrets.stream().map(StandardWebhooks::decode).toList());
    }

    private static byte[] decode(String secret) {
        String b64 = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a secret is not base64 (expected whsec_<base64>)");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("a secret decodes to " + key.length + " bytes; the standard asks for "
                    + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES);
        }
        return key;
    }

    /**
     * The three headers for one attempt.
     *
     * @param id               the delivery id, the same on every attempt; must not contain '.'
     * @param epochSeconds     this attempt's time
     * @param body             the exact bytes sent
     */
    public Map<String, String> headers(String id, long epochSeconds, byte[] body) {
        if (id.indexOf('.') >= 0) {
            throw new IllegalArgumentException("a webhook-id must not contain '.': " + id);
        }
        byte[] prefix = (id + "." + epochSeconds + ".").getBytes(StandardCharsets.UTF_8);
        StringBuilder signatures = new StringBuilder();
        for (byte[] key : keys) {
            if (!signatures.isEmpty()) {
                signatures.append(' ');
            }
            signatures.append("v1,").append(Base64.getEncoder().encodeToString(hmac(key, prefix, body)));
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("webhook-id", id);
        out.put("webhook-timestamp", Long.toString(epochSeconds));
        out.put("webhook-signature", signatures.toString());
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
