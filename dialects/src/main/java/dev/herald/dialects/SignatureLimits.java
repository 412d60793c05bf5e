package dev.herald.dialects;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How long any request signature Herald verifies may be valid, whatever the signer declared
 * (docs/configuration.md, {@code security.signatures}): a captured request stops working after these.
 *
 * @param maxHeaderValidity    longest life of a signature in the Authorization header, counted from its signing time
 *                             (caps bce-auth-v1's {@code expirationPeriodInSeconds})
 * @param maxPresignedValidity how far ahead of Herald's clock a query signature's expiry may lie
 * @param maxClockSkew         how far a signing time may be from Herald's clock, either way
 */
public record SignatureLimits(Duration maxHeaderValidity, Duration maxPresignedValidity, Duration maxClockSkew) {
    public static final SignatureLimits DEFAULT =
            new SignatureLimits(Duration.ofHours(1), Duration.ofDays(7), Duration.ofMinutes(15));

    public SignatureLimits {
        requirePositive(maxHeaderValidity, "maxHeaderValidity");
        requirePositive(maxPresignedValidity, "maxPresignedValidity");
        requirePositive(maxClockSkew, "maxClockSkew");
    }

    /**
     * Why a header signature made at {@code signedAt}, declared valid for {@code declared}, is not
     * acceptable at {@code now}, as a phrase to follow the signature's name ("is more than 15 minutes
     * ahead of Herald's time ..."); empty when it is acceptable.
     */
    public Optional<String> headerProblem(Instant signedAt, Duration declared, Instant now) {
        if (signedAt.isAfter(now.plus(maxClockSkew))) {
            return Optional.of("is more than " + describe(maxClockSkew) + " ahead of Herald's time " + now);
        }
        boolean capped = declared.compareTo(maxHeaderValidity) > 0;
        Instant expiresAt = signedAt.plus(capped ? maxHeaderValidity : declared);
        if (now.isAfter(expiresAt)) {
            return Optional.of("expired at " + expiresAt + (capped ? " (Herald accepts header signatures for at most "
                    + describe(maxHeaderValidity) + ", security.signatures.maxHeaderValidity)" : "")
                    + "; Herald's time is " + now);
        }
        return Optional.empty();
    }

    /**
     * Why a signature dated {@code signedAt} that declares no life of its own (QingStor's and KS3's
     * {@code Date}) is not acceptable at {@code now}: it is valid while within the clock skew, either way.
     */
    public Optional<String> datedProblem(Instant signedAt, Instant now) {
        Duration window = maxClockSkew.compareTo(maxHeaderValidity) < 0 ? maxClockSkew : maxHeaderValidity;
        return Duration.between(signedAt, now).abs().compareTo(window) > 0
                ? Optional.of("is more than " + describe(window) + " from Herald's time " + now)
                : Optional.empty();
    }

    /** Why a query signature expiring at {@code expiresAt} is not acceptable at {@code now}, as a phrase; empty when it is. */
    public Optional<String> presignedProblem(Instant expiresAt, Instant now) {
        if (now.isAfter(expiresAt)) {
            return Optional.of("expired at " + expiresAt + "; Herald's time is " + now);
        }
        if (expiresAt.isAfter(now.plus(maxPresignedValidity))) {
            return Optional.of("expires at " + expiresAt + ", more than " + describe(maxPresignedValidity)
                    + " after Herald's time " + now + " (security.signatures.maxPresignedValidity)");
        }
        return Optional.empty();
    }

    /** "15 minutes", "1 hour", "7 days": the largest whole unit. */
    static String describe(Duration d) {
        long seconds = d.toSeconds();
        if (seconds % 86_400 == 0) {
            return plural(seconds / 86_400, "day");
        }
        if (seconds % 3_600 == 0) {
            return plural(seconds / 3_600, "hour");
        }
        return seconds % 60 == 0 ? plural(seconds / 60, "minute") : plural(seconds, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
    }
}
