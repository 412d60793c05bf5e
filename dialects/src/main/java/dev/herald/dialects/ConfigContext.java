package dev.herald.dialects;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * Everything a vendor config API needs from the running service, passed in so that the API
 * itself stays a pure function of request and context.
 *
 * @param clock       time for signature expiry checks
 * @param credentials access-key lookup
 * @param rules       durable rule storage
 * @param targets     policy for delivery URLs (schemes, SSRF guard)
 * @param publisher   sink for injected events (BOS PostEvent)
 * @param ids         source of fresh unique ids (request ids, generated event ids)
 * @param buckets     which buckets exist on the backend ({@link BucketDirectory#ANY} without one)
 * @param signatures  how long request signatures may be valid
 */
public record ConfigContext(Clock clock, CredentialLookup credentials, RuleRepository rules,
                            TargetPolicy targets, EventPublisher publisher, Supplier<String> ids,
                            BucketDirectory buckets, SignatureLimits signatures) {

    /** A context with the default signature limits. */
    public ConfigContext(Clock clock, CredentialLookup credentials, RuleRepository rules,
                         TargetPolicy targets, EventPublisher publisher, Supplier<String> ids, BucketDirectory buckets) {
        this(clock, credentials, rules, targets, publisher, ids, buckets, SignatureLimits.DEFAULT);
    }

    /** A context without a backend (every bucket exists) and with the default signature limits. */
    public ConfigContext(Clock clock, CredentialLookup credentials, RuleRepository rules,
                         TargetPolicy targets, EventPublisher publisher, Supplier<String> ids) {
        this(clock, credentials, rules, targets, publisher, ids, BucketDirectory.ANY);
    }
}
