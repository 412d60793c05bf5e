package dev.herald.sidecar.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every bucket's rules: one document per bucket and dialect, in that dialect's stored form. */
public interface RuleStorage {
    Optional<String> load(String bucket, String dialect);

    /** The bucket's documents by dialect; empty when it has none. */
    Map<String, String> bucket(String bucket);

    /** Stores (or replaces) a document; returns once committed. */
    void save(String bucket, String dialect, String rulesJson, long now);

    /** Removes a document; returns once committed. */
    void delete(String bucket, String dialect);

    /** Every bucket with a stored document, by name. */
    List<String> buckets();
}
