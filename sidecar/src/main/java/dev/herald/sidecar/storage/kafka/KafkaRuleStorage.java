package dev.herald.sidecar.storage.kafka;

import dev.herald.sidecar.storage.RuleStorage;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Rule documents in the compacted rules topic, keyed {@code bucket/dialect} (a bucket name has no '/'). */
final class KafkaRuleStorage implements RuleStorage {
    private final CompactedView<String> view;

    KafkaRuleStorage(CompactedView<String> view) {
        this.view = view;
    }

    static String decode(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public Optional<String> load(String bucket, String dialect) {
        return Optional.ofNullable(view.get(bucket + "/" + dialect));
    }

    @Override
    public Map<String, String> bucket(String bucket) {
        Map<String, String> out = new TreeMap<>();
        view.entries().forEach((k, v) -> {
            if (bucketOf(k).equals(bucket)) {
                out.put(k.substring(bucket.length() + 1), v);
            }
        });
        return out;
    }

    @Override
    public void save(String bucket, String dialect, String rulesJson, long now) {
        view.put(bucket + "/" + dialect, rulesJson.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void delete(String bucket, String dialect) {
        view.put(bucket + "/" + dialect, null);
    }

    @Override
    public List<String> buckets() {
        return view.entries().keySet().stream().map(KafkaRuleStorage::bucketOf).distinct().sorted().toList();
    }

    /** The bucket of a rules key. */
    static String bucketOf(String key) {
        return key.substring(0, key.lastIndexOf('/'));
    }
}
