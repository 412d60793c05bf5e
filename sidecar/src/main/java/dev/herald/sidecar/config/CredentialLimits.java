package dev.herald.sidecar.config;

/**
 * {@code credentialLimits}: how much rule state one access key may create through the vendor
 * config APIs, so that a single credential cannot fill the store or the rule cache
 * (docs/security.md, "Per-credential limits").
 *
 * @param maxBuckets buckets with rules (of any dialect) stored by one access key
 * @param maxRules   rules over all those buckets and dialects
 */
public record CredentialLimits(Integer maxBuckets, Integer maxRules) {
    public CredentialLimits {
        maxBuckets = maxBuckets == null ? 1000 : maxBuckets;
        maxRules = maxRules == null ? 10000 : maxRules;
        if (maxBuckets < 1 || maxRules < 1) {
            throw new ConfigException("credentialLimits.maxBuckets and maxRules must be at least 1");
        }
    }
}
