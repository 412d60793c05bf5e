package dev.herald.adapter.backend;

import java.time.Instant;
import java.util.Objects;

/**
 * Temporary S3 credentials from the backend's STS ({@code AssumeRole}): usable with any S3 client
 * as access key, secret key and session token until {@code expiration}.
 *
 * <p>{@link #toString()} shows only the access key id and the expiration: the secret and the
 * session token must never reach a log.
 */
public record TemporaryCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
    public TemporaryCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiration, "expiration");
    }

    @Override
    public String toString() {
        return "TemporaryCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***, sessionToken=***, expiration="
                + expiration + "]";
    }
}
