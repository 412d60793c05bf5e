package dev.herald.adapter.ingest;

import dev.herald.dialects.Producer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stable event ids: the same backend event, resent after a timeout or replayed from a queue,
 * must get the same id so it is stored and delivered once (ingress.md §4.7).
 */
final class EventIds {
    private EventIds() {
    }

    /**
     * {@code <producer>:<first 128 bits of SHA-256 over the parts>}. Parts are joined with NUL,
     * which no key or name contains, so different part lists never collide by concatenation;
     * {@code null} parts count as empty.
     */
    static String of(Producer producer, String... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (String part : parts) {
            if (part != null) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
            }
            sha.update((byte) 0);
        }
        return producer.label() + ":" + HexFormat.of().formatHex(sha.digest(), 0, 16);
    }
}
