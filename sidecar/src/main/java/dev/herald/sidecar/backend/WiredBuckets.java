package dev.herald.sidecar.backend;

import dev.herald.adapter.backend.BackendUnavailableException;
import dev.herald.adapter.backend.BucketWiring;
import dev.herald.dialects.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Keeps the backend's wiring in step with the rules: a bucket is wired before its first rule is
 * stored (so no event is missed) and unwired after its last rule is removed. Changes of one
 * bucket are serialized, so concurrent PUTs cannot interleave read-modify-write cycles of its
 * notification configuration. A backend failure becomes a {@link StoreUnavailableException}, which
 * the config APIs answer with their "service unavailable" error, naming the cause.
 */
public final class WiredBuckets {
    private static final Logger LOG = LoggerFactory.getLogger(WiredBuckets.class);

    /** No backend wiring: rule changes only touch the store. */
    public static final WiredBuckets NONE = new WiredBuckets(null);

    private final BucketWiring wiring;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public WiredBuckets(BucketWiring wiring) {
        this.wiring = wiring;
    }

    public boolean enabled() {
        return wiring != null;
    }

    /**
     * Runs {@code change} (a store write) for {@code bucket} with the wiring around it.
     *
     * @param hasRulesAfter whether the bucket has any rule once the change is made
     */
    public <T> T change(String bucket, boolean hasRulesAfter, Supplier<T> change) {
        if (wiring == null) {
            return change.get();
        }
        ReentrantLock lock = locks.computeIfAbsent(bucket, b -> new ReentrantLock());
        lock.lock();
        try {
            if (hasRulesAfter) {
                call("wire", bucket, () -> wiring.wire(bucket));
            }
            T result = change.get();
            if (!hasRulesAfter) {
                call("unwire", bucket, () -> wiring.unwire(bucket));
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the backend currently sends the bucket's events to Herald. */
    public boolean isWired(String bucket) {
        if (wiring == null) {
            return false;
        }
        try {
            return wiring.isWired(bucket);
        } catch (BackendUnavailableException e) {
            throw new StoreUnavailableException("cannot read the wiring of bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** Wires or unwires the bucket to match {@code hasRules}. */
    public void repair(String bucket, boolean hasRules) {
        change(bucket, hasRules, () -> null);
    }

    private static void call(String what, String bucket, Runnable action) {
        try {
            action.run();
            LOG.info("backend: {}d bucket {}", what, bucket);
        } catch (BackendUnavailableException e) {
            LOG.warn("backend: could not {} bucket {}: {}", what, bucket, e.getMessage());
            throw new StoreUnavailableException("could not " + what + " bucket " + bucket + " on the backend: " + e.getMessage(), e);
        }
    }
}
