package dev.herald.dialects;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the delivery side needs from a vendor dialect. Implementations are pure and thread-safe. */
public interface NotificationDialect {
    /** Short id used in storage, config and metrics ({@code bos}, {@code qingstor}, {@code ks3}). */
    String id();

    /** The stored rules as the vendor's GET {@code ?notification} answers them (the default: as stored). */
    default String apiJson(String storedRulesJson) {
        return storedRulesJson;
    }

    /** Compiles the stored rules JSON (as written by the dialect's config API) of one bucket. */
    CompiledRules compile(String bucket, String storedRulesJson);

    /**
     * Headers to add to one attempt of a push, signed at {@code now} when the push has a key; by
     * default just its content type (unsigned pushes).
     */
    default Map<String, String> pushHeaders(OutboundPush push, Instant now) {
        return Map.of("Content-Type", push.contentType());
    }

    /** How this dialect batches pushes ({@code delivery.destinations[].batch}); by default it does not. */
    default PushBatching batching() {
        return PushBatching.NONE;
    }

    /**
     * Whether this dialect's pushes carry temporary credentials to read the object (BOS
     * {@code content.credentials}), so that the sidecar fetches them for created objects it matched.
     */
    default boolean wantsReadCredentials() {
        return false;
    }

    /** Whether the receiver's status code means the push was accepted; by default any 2xx. */
    default boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    /** The vendor's own per-attempt timeout, when it documents one; otherwise Herald's setting applies. */
    default Optional<Duration> requestTimeout() {
        return Optional.empty();
    }

    /**
     * Waits the vendor documents before the first retries (QingStor: 1 s apart); the common
     * backoff ladder follows them.
     */
    default List<Duration> leadingRetries() {
        return List.of();
    }
}
