package dev.herald.dialects;

import java.util.Optional;

/** Finds the credential for an access key named in a signed request. */
@FunctionalInterface
public interface CredentialLookup {
    Optional<Credential> find(String accessKey);
}
