package dev.herald.dialects;

/**
 * Whether a bucket exists on the storage backend. Config APIs answer the vendor's "no such
 * bucket" error when it does not; without a configured backend every bucket exists.
 */
@FunctionalInterface
public interface BucketDirectory {
    /**
     * @throws StoreUnavailableException when the backend cannot be asked right now
     */
    boolean exists(String bucket);

    BucketDirectory ANY = bucket -> true;
}
