package dev.herald.dialects;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One JSON document per bucket and dialect ("bucket/dialect"), like the sidecar's store; set {@link #failure} to make every call throw. */
public final class InMemoryRules implements RuleRepository {
    public final Map<String, String> docs = new TreeMap<>();
    public RuntimeException failure;

    @Override
    public Optional<String> load(String bucket, String dialect) {
        failIfAsked();
        return Optional.ofNullable(docs.get(bucket + "/" + dialect));
    }

    @Override
    public void save(String bucket, String dialect, String rulesJson) {
        failIfAsked();
        docs.put(bucket + "/" + dialect, rulesJson);
    }

    @Override
    public void delete(String bucket, String dialect) {
        failIfAsked();
        docs.remove(bucket + "/" + dialect);
    }

    private void failIfAsked() {
        if (failure != null) {
            throw failure;
        }
    }
}
