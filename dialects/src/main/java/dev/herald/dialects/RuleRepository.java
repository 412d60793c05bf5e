package dev.herald.dialects;

import java.util.Optional;

/**
 * Durable rule storage as a config API sees it: one JSON document (the dialect's own canonical
 * form) per bucket and dialect. Implementations commit before returning and throw
 * {@link StoreUnavailableException} when they cannot.
 */
public interface RuleRepository {
    Optional<String> load(String bucket, String dialect);

    void save(String bucket, String dialect, String rulesJson);

    void delete(String bucket, String dialect);
}
