package dev.herald.sidecar.storage.kafka;

import dev.herald.sidecar.storage.RuleQuota;
import dev.herald.sidecar.storage.RuleStorage;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rule documents in the compacted rules topic, keyed {@code bucket/dialect} (a bucket name has no '/').
 * Each value carries its owner and rule count ahead of the document, so that every replica counts a
 * key's share from the topic it has read (docs/cluster.md, "Per-credential limits").
 */
final class KafkaRuleStorage implements RuleStorage {
    private final CompactedView<Stored> view;

    KafkaRuleStorage(CompactedView<Stored> view) {
        this.view = view;
    }

    /** A stored document: {@code owner} is empty for documents stored by Herald itself. */
    record Stored(String owner, int ruleCount, String rulesJson) {
        byte[] encode() {
            return (owner + "\n" + ruleCount + "\n" + rulesJson).getBytes(StandardCharsets.UTF_8);
        }
    }

    static Stored decode(byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        int first = text.indexOf('\n');
        int second = text.indexOf('\n', first + 1);
        return new Stored(text.substring(0, first), Integer.parseInt(text.substring(first + 1, second)),
                text.substring(second + 1));
    }

    @Override
    public Optional<String> load(String bucket, String dialect) {
        return Optional.ofNullable(view.get(bucket + "/" + dialect)).map(Stored::rulesJson);
    }

    @Override
    public Map<String, String> bucket(String bucket) {
        Map<String, String> out = new TreeMap<>();
        view.entries().forEach((k, v) -> {
            if (bucketOf(k).equals(bucket)) {
                out.put(k.substring(bucket.length() + 1), v.rulesJson());
            }
        });
        return out;
    }

    @Override
    public Optional<String> save(String bucket, String dialect, String rulesJson, int ruleCount, RuleQuota quota, long now) {
        Optional<String> refusal = quota == null ? Optional.empty() : quotaRefusal(bucket, dialect, ruleCount, quota);
        if (refusal.isEmpty()) {
            view.put(bucket + "/" + dialect, new Stored(quota == null ? "" : quota.owner(), ruleCount, rulesJson).encode());
        }
        return refusal;
    }

    /**
     * The owner's share from this replica's view of the topic. Two replicas taking PUTs of one key at
     * the same moment can each pass the check; the limit then holds within the latest few documents.
     */
    @Override
    public Optional<String> quotaRefusal(String bucket, String dialect, int ruleCount, RuleQuota quota) {
        String replaced = bucket + "/" + dialect;
        long rules = ruleCount;
        Set<String> buckets = new HashSet<>();
        if (ruleCount > 0) {
            buckets.add(bucket);
        }
        for (Map.Entry<String, Stored> e : view.entries().entrySet()) {
            Stored s = e.getValue();
            if (!e.getKey().equals(replaced) && s.owner().equals(quota.owner())) {
                rules += s.ruleCount();
                if (s.ruleCount() > 0) {
                    buckets.add(bucketOf(e.getKey()));
                }
            }
        }
        if (buckets.size() > quota.maxBuckets()) {
            return Optional.of("access key " + quota.owner() + " would have rules on " + buckets.size()
                    + " buckets; credentialLimits.maxBuckets is " + quota.maxBuckets());
        }
        if (rules > quota.maxRules()) {
            return Optional.of("access key " + quota.owner() + " would have " + rules
                    + " rules; credentialLimits.maxRules is " + quota.maxRules());
        }
        return Optional.empty();
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
