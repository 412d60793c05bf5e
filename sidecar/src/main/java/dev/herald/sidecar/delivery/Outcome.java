package dev.herald.sidecar.delivery;

/** What became of an attempt, and so of its delivery. */
sealed interface Outcome {
    /** The receiver accepted it: the delivery is done. */
    record Delivered() implements Outcome {
    }

    /** It failed and may be tried again at {@code at} (epoch millis). */
    record RetryAt(long at) implements Outcome {
    }

    /** It failed for good: the delivery goes to the dead letters. */
    record Dead() implements Outcome {
    }

    /** The receiver answered {@code 410 Gone}: its URL is disabled and the delivery goes to the dead letters. */
    record Gone() implements Outcome {
    }
}
