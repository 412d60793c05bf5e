package dev.herald.sidecar.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every bucket's rules: one document per bucket and dialect, in that dialect's stored form. */
public interface RuleStorage {
    Optional<String> load(String bucket, String dialect);

    /** The bucket's documents by dialect; empty when it has none. */
    Map<String, String> bucket(String bucket);

    /**
     * Stores (or replaces) a document of {@code ruleCount} rules; returns once committed. With a
     * quota the document is stored only if its owner stays within it, checked in the same
     * transaction, and it then counts against that owner.
     *
     * @param quota {@code null}: nobody's, not counted (documents stored by Herald itself)
     * @return why the quota refuses it (nothing stored), or empty once stored
     */
    Optional<String> save(String bucket, String dialect, String rulesJson, int ruleCount, RuleQuota quota, long now);

    /** Why {@link #save} would refuse this document now (a check before the backend is wired for it), or empty. */
    Optional<String> quotaRefusal(String bucket, String dialect, int ruleCount, RuleQuota quota);

    /** Removes a document; returns once committed. */
    void delete(String bucket, String dialect);

    /** Every bucket with a stored document, by name. */
    List<String> buckets();
}
