package dev.herald.dialects;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The body hashes that request signatures can cover ({@code Content-MD5}, {@code x-*-content-sha256}):
 * where a signature covers one, the verifier checks it against the body actually received.
 */
public final class ContentDigests {
    private ContentDigests() {
    }

    /** True when {@code header} (a {@code Content-MD5} value) is absent, or is the base64 MD5 of {@code body}. */
    public static boolean md5HeaderFits(String header, byte[] body) {
        return header == null || header.isBlank()
                || header.trim().equals(Base64.getEncoder().encodeToString(digest("MD5", body)));
    }

    /** The lower-case hex SHA-256 of {@code body}. */
    public static String sha256Hex(byte[] body) {
        return HexFormat.of().formatHex(digest("SHA-256", body));
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            // Every Java runtime ships MD5 and SHA-256.
            throw new IllegalStateException(algorithm + " is unavailable", e);
        }
    }
}
