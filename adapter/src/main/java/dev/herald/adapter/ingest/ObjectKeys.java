package dev.herald.adapter.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Object keys as producers encode them (ingress.md §1.2, §2.1, §3.1): MinIO and AWS records
 * form-encode keys ({@code +} is a space, {@code %2B} a plus), Ceph and EventBridge send them raw.
 */
final class ObjectKeys {
    private ObjectKeys() {
    }

    /**
     * Undoes form encoding. Unlike {@link java.net.URLDecoder} it keeps a {@code %} that does not
     * start a valid escape: AWS's documented encoding is loose, and a key like {@code 100%} must
     * arrive as itself rather than fail the whole notification. Escapes that do not decode to UTF-8
     * ({@code %C0%AF}, an overlong {@code /}) are refused: no lenient decoder may turn them into a path.
     *
     * @throws CharacterCodingException when the unescaped bytes are not UTF-8
     */
    static String formDecode(String encoded) throws CharacterCodingException {
        if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
            return encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        byte[] raw = encoded.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                bytes.write(hex(raw[i + 1]) << 4 | hex(raw[i + 2]));
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        return strictUtf8(bytes.toByteArray());
    }

    /** The bytes as UTF-8, refusing malformed and overlong sequences rather than replacing them. */
    static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
