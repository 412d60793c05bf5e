package dev.herald.sidecar.backend;

import dev.herald.adapter.backend.BackendUnavailableException;
import dev.herald.adapter.backend.TemporaryCredentialIssuer;
import dev.herald.dialects.ReadCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Temporary credentials for BOS events ({@code content.credentials}), from the backend's STS.
 * A failure (STS down, a key no session policy can name) is logged and the event goes out
 * without credentials: the event matters more than the convenience.
 */
public final class StsReadCredentials implements ReadCredentialSource {
    private static final Logger LOG = LoggerFactory.getLogger(StsReadCredentials.class);

    private final TemporaryCredentialIssuer issuer;

    public StsReadCredentials(TemporaryCredentialIssuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Optional<ReadCredentials> forObject(String bucket, String key) {
        try {
            return Optional.of(issuer.issue(bucket, key));
        } catch (BackendUnavailableException | IllegalArgumentException e) {
            LOG.warn("no temporary credentials for {}/{}: {}", bucket, key, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        issuer.close();
    }
}
