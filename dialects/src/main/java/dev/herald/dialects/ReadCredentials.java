package dev.herald.dialects;

import java.time.Instant;
import java.util.Objects;

/**
 * Temporary credentials that let a receiver read the object an event is about (the backend's STS
 * {@code AssumeRole}, scoped by a session policy). Never printed: {@link #toString()} hides the
 * secret and the token.
 */
public record ReadCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
    public ReadCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiration, "expiration");
    }

    @Override
    public String toString() {
        return "ReadCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***, sessionToken=***, expiration="
                + expiration + "]";
    }
}
