package dev.herald.sidecar.storage;

/**
 * What one access key may hold in the rule store: the rules it stores are counted against it
 * (docs/security.md, "Per-credential limits").
 *
 * @param owner      the access key that signed the change
 * @param maxBuckets buckets with at least one rule stored by {@code owner}
 * @param maxRules   rules stored by {@code owner}, over all its buckets and dialects
 */
public record RuleQuota(String owner, int maxBuckets, int maxRules) {
}
