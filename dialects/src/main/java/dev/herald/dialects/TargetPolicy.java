package dev.herald.dialects;

import java.net.URI;
import java.util.Optional;

/**
 * Decides whether Herald may deliver to a URL (scheme, and the SSRF guard against private,
 * loopback, link-local and metadata addresses). Implemented by the sidecar, which may resolve DNS.
 */
@FunctionalInterface
public interface TargetPolicy {
    /** Empty if allowed, otherwise a human-readable reason for the refusal. */
    Optional<String> refusal(URI target);

    TargetPolicy ALLOW_ALL = uri -> Optional.empty();
}
