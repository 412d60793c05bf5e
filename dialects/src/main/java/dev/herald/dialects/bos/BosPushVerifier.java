package dev.herald.dialects.bos;

import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.SignatureLimits;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * For receivers of Herald's BOS pushes: checks a push's {@code bce-auth-v1} signature against the
 * rule's {@code encryption.key}. The signature covers method, path, query, {@code host},
 * {@code content-length} and {@code x-bce-date}, and is valid for 1800 s
 * from {@code x-bce-date}; like every bce-auth-v1 signature it does not cover the body bytes.
 */
public final class BosPushVerifier {
    private BosPushVerifier() {
    }

    /** True if {@code push} carries a valid, unexpired signature made with {@code secretKey}. */
    public static boolean verify(HttpRequestView push, String secretKey, Clock clock) {
        return problem(push, secretKey, clock).isEmpty();
    }

    /** Why {@code push} has no valid, unexpired signature made with {@code secretKey}; empty when it has one. */
    public static Optional<String> problem(HttpRequestView push, String secretKey, Clock clock) {
        try {
            // The access-key field holds the rule id; any rule id is fine as long as the key signed it.
            BceAuthV1.verify(push, accessKey -> Optional.of(new Credential(accessKey, secretKey, List.of())), clock,
                    SignatureLimits.DEFAULT);
            return Optional.empty();
        } catch (BosException e) {
            return Optional.of(e.code() + ": " + e.getMessage());
        }
    }
}
