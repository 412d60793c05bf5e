package dev.herald.sidecar.reconcile;

import dev.herald.adapter.backend.S3Backend;

import java.util.Optional;

/** What reconciliation asks of the backend: listing pages and, for a missing create, HeadObject. */
public interface BucketListing {
    /** @throws dev.herald.adapter.backend.BackendUnavailableException when the backend does not answer */
    S3Backend.ListingPage page(String bucket, String continuation, int pageSize);

    /** @throws dev.herald.adapter.backend.BackendUnavailableException when the backend does not answer */
    Optional<S3Backend.ObjectInfo> head(String bucket, String key);

    static BucketListing of(S3Backend backend) {
        return new BucketListing() {
            @Override
            public S3Backend.ListingPage page(String bucket, String continuation, int pageSize) {
                return backend.listObjects(bucket, continuation, pageSize);
            }

            @Override
            public Optional<S3Backend.ObjectInfo> head(String bucket, String key) {
                return backend.headObject(bucket, key);
            }
        };
    }
}
