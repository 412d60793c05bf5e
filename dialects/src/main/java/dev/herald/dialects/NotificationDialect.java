package dev.herald.dialects;

import java.time.Instant;
import java.util.Map;

/** What the delivery side needs from a vendor dialect. Implementations are pure and thread-safe. */
public interface NotificationDialect {
    /** Short id used in storage, config and metrics ({@code bos}, {@code qingstor}, {@code ks3}). */
    String id();

    /** Compiles the stored rules JSON (as written by the dialect's config API) of one bucket. */
    CompiledRules compile(String bucket, String storedRulesJson);

    /** Headers to add to one attempt of a push, signed at {@code now} when the push has a key. */
    Map<String, String> pushHeaders(OutboundPush push, Instant now);

    /** Whether the receiver's status code means the push was accepted. */
    boolean isSuccess(int status);
}
