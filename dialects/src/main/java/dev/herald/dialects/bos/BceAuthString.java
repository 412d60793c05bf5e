package dev.herald.dialects.bos;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static dev.herald.dialects.bos.BosErrorCode.INVALID_HTTP_AUTH_HEADER;

/**
 * The value of a {@code bce-auth-v1} Authorization header:
 * {@code bce-auth-v1/{accessKeyId}/{timestamp}/{expirationPeriodInSeconds}/{signedHeaders}/{signature}}.
 *
 * @param timestamp     exactly as sent: the signature covers the text, not the instant
 * @param signedHeaders lower-case names; empty means the default set (docs/bos.md, "The bce-auth-v1 signature", step 7)
 */
record BceAuthString(String accessKey, String timestamp, long expirationSeconds, List<String> signedHeaders,
                     String signature) {
    private static final String VERSION = "bce-auth-v1";
    private static final Pattern EXPIRATION = Pattern.compile("[1-9][0-9]{0,9}");
    private static final String SHAPE =
            VERSION + "/{accessKeyId}/{timestamp}/{expirationPeriodInSeconds}/{signedHeaders}/{signature}";

    BceAuthString {
        signedHeaders = List.copyOf(signedHeaders);
    }

    static BceAuthString parse(String header) {
        String[] parts = header.trim().split("/", -1);
        if (parts.length != 6 || !parts[0].equals(VERSION)) {
            throw malformed("it must have the form " + SHAPE);
        }
        if (parts[1].isEmpty() || parts[5].isEmpty()) {
            throw malformed("the access key and the signature must not be empty");
        }
        try {
            BosTime.parse(parts[2]);
        } catch (DateTimeParseException e) {
            throw malformed("timestamp '" + parts[2] + "' is not a time like 2015-04-27T08:23:49Z");
        }
        // Canonical digits only, so that prefix() rebuilds exactly the text the client signed.
        if (!EXPIRATION.matcher(parts[3]).matches()) {
            throw malformed("expirationPeriodInSeconds '" + parts[3] + "' is not a positive number of seconds");
        }
        List<String> signed = parts[4].isEmpty() ? List.of() : Arrays.asList(parts[4].split(";"));
        return new BceAuthString(parts[1], parts[2], Long.parseLong(parts[3]), signed, parts[5]);
    }

    /** What the signing key is derived from: everything before the signed headers. */
    String prefix() {
        return VERSION + "/" + accessKey + "/" + timestamp + "/" + expirationSeconds;
    }

    Instant signedAt() {
        return BosTime.parse(timestamp);
    }

    BceAuthString withSignature(String newSignature) {
        return new BceAuthString(accessKey, timestamp, expirationSeconds, signedHeaders, newSignature);
    }

    String header() {
        return prefix() + "/" + String.join(";", signedHeaders) + "/" + signature;
    }

    private static BosException malformed(String reason) {
        return new BosException(INVALID_HTTP_AUTH_HEADER, "the Authorization header is not a valid "
                + VERSION + " authorization string: " + reason);
    }
}
