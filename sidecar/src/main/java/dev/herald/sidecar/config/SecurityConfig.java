package dev.herald.sidecar.config;

import dev.herald.dialects.SignatureLimits;

import java.time.Duration;

/**
 * {@code security}: how strictly Herald checks its clients (a part of {@link HeraldConfig}'s one record tree).
 *
 * @param signatures caps on every request signature Herald verifies (BOS, QingStor, KS3, event bus)
 */
public record SecurityConfig(Signatures signatures) {
    public SecurityConfig {
        signatures = signatures == null ? new Signatures(null, null, null) : signatures;
    }

    /**
     * {@code security.signatures} (docs/configuration.md): a captured request stops working after these.
     *
     * @param maxHeaderValidity    longest life of an Authorization-header signature, whatever it declares
     * @param maxPresignedValidity how far ahead a query signature's expiry may lie
     * @param maxClockSkew         how far a signing time may be from Herald's clock, either way
     */
    public record Signatures(Duration maxHeaderValidity, Duration maxPresignedValidity, Duration maxClockSkew) {
        public Signatures {
            SignatureLimits defaults = SignatureLimits.DEFAULT;
            maxHeaderValidity = positive("maxHeaderValidity", maxHeaderValidity, defaults.maxHeaderValidity());
            maxPresignedValidity = positive("maxPresignedValidity", maxPresignedValidity, defaults.maxPresignedValidity());
            maxClockSkew = positive("maxClockSkew", maxClockSkew, defaults.maxClockSkew());
        }

        public SignatureLimits limits() {
            return new SignatureLimits(maxHeaderValidity, maxPresignedValidity, maxClockSkew);
        }

        private static Duration positive(String name, Duration value, Duration otherwise) {
            if (value == null) {
                return otherwise;
            }
            if (value.isNegative() || value.isZero()) {
                throw new ConfigException("security.signatures." + name + " must be a positive duration, got " + value);
            }
            return value;
        }
    }
}
