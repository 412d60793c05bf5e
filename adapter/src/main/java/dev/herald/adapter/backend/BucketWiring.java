package dev.herald.adapter.backend;

/**
 * Makes the backend send a bucket's events to Herald, and stops it. Implementations keep every
 * notification configuration of the bucket that is not Herald's, and are idempotent: wiring a
 * wired bucket or unwiring an unwired one changes nothing.
 */
public interface BucketWiring {
    /** The id of Herald's configuration on a bucket. */
    String CONFIGURATION_ID = "herald";

    /** @throws BackendUnavailableException when the backend refused or could not be reached */
    void wire(String bucket);

    /** @throws BackendUnavailableException when the backend refused or could not be reached */
    void unwire(String bucket);

    /** Whether the bucket currently sends its events to Herald. */
    boolean isWired(String bucket);
}
