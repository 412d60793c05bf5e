package dev.herald.sidecar.backend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.herald.adapter.backend.BackendUnavailableException;
import dev.herald.adapter.backend.S3Backend;
import dev.herald.dialects.BucketDirectory;
import dev.herald.dialects.StoreUnavailableException;

import java.time.Duration;

/**
 * Bucket existence from the backend's HeadBucket. Only "exists" is cached (for a minute): a
 * bucket created right after a refused PUT must be usable at once, and buckets are rarely deleted
 * under their rules.
 */
public final class BackendBuckets implements BucketDirectory {
    private final S3Backend backend;
    private final Cache<String, Boolean> existing = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(1)).build();

    public BackendBuckets(S3Backend backend) {
        this.backend = backend;
    }

    @Override
    public boolean exists(String bucket) {
        if (existing.getIfPresent(bucket) != null) {
            return true;
        }
        boolean exists;
        try {
            exists = backend.bucketExists(bucket);
        } catch (BackendUnavailableException e) {
            throw new StoreUnavailableException("cannot check the bucket on the backend: " + e.getMessage(), e);
        }
        if (exists) {
            existing.put(bucket, Boolean.TRUE);
        }
        return exists;
    }
}
