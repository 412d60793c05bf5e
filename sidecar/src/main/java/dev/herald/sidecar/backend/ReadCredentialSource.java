package dev.herald.sidecar.backend;

import dev.herald.dialects.ReadCredentials;

import java.util.Optional;

/** Temporary credentials to read one object, for dialects whose pushes carry them. */
public interface ReadCredentialSource extends AutoCloseable {
    boolean enabled();

    /** Credentials for the object, or empty when none could be had (the event goes out without). */
    Optional<ReadCredentials> forObject(String bucket, String key);

    @Override
    void close();

    /** Off: events carry no credentials. */
    ReadCredentialSource NONE = new ReadCredentialSource() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public Optional<ReadCredentials> forObject(String bucket, String key) {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    };
}
