package dev.herald.sidecar.delivery;

import dev.herald.dialects.NotificationDialect;
import dev.herald.sidecar.storage.Delivery;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Classifies an attempt: success as the dialect defines it; {@code 410 Gone}; else the retry
 * policy of the delivery's destination or dialect decides between another attempt and the dead
 * letters. A push that was not sent at all (its URL disabled, its dialect unknown) is dead at once.
 */
final class OutcomePolicy {
    private final DestinationSettings settings;

    OutcomePolicy(DestinationSettings settings) {
        this.settings = settings;
    }

    /**
     * @param dialect  the delivery's dialect, or {@code null} when this Herald has none of that id
     * @param sent     whether the request went out
     * @param attempt  this attempt's number, 1 for the first
     */
    Outcome classify(Delivery delivery, NotificationDialect dialect, Transport.Response response, boolean sent, int attempt,
                     long now) {
        Integer status = response.status();
        if (dialect != null && status != null && dialect.isSuccess(status)) {
            return new Outcome.Delivered();
        }
        if (status != null && status == 410) {
            return new Outcome.Gone();
        }
        Optional<RetryPolicy> policy = settings.retryPolicy(delivery.push().dialect(), delivery.targetUrl());
        OptionalLong wait = !sent || policy.isEmpty() ? OptionalLong.empty()
                : policy.get().nextDelayMillis(attempt, response.retryAfterMillis());
        return wait.isEmpty() ? new Outcome.Dead() : new Outcome.RetryAt(now + wait.getAsLong());
    }

    /**
     * What the breaker counts against a receiver: no answer, a timeout, 408, 429 or 5xx. Other
     * refusals (400, 401, ...) say the receiver is up; retries handle those.
     */
    static boolean receiverFailing(Transport.Response response) {
        Integer s = response.status();
        return s == null || s >= 500 || s == 429 || s == 408;
    }
}
