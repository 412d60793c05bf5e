package dev.herald.sidecar.routing;

import dev.herald.dialects.Credential;
import dev.herald.dialects.CredentialLookup;

import java.util.Optional;

/**
 * The credential lookup of one request, remembering the access key a signature was checked
 * against: the vendor APIs verify before they store, so by the time a rule document is saved this
 * names the key that signed the request, and the document counts against it.
 */
public final class SigningCredential implements CredentialLookup {
    private final CredentialLookup credentials;
    private volatile String accessKey;

    public SigningCredential(CredentialLookup credentials) {
        this.credentials = credentials;
    }

    @Override
    public Optional<Credential> find(String accessKey) {
        Optional<Credential> found = credentials.find(accessKey);
        found.ifPresent(c -> this.accessKey = c.accessKey());
        return found;
    }

    /** The access key looked up for this request, or {@code null} before any was found. */
    String accessKey() {
        return accessKey;
    }
}
