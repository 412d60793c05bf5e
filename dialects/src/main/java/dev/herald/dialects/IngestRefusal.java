package dev.herald.dialects;

import java.util.Locale;

/** Why an ingest request (a producer's notification, an event-bus push) was refused, as metrics label it. */
public enum IngestRefusal {
    /** No or a wrong token or signature. */
    AUTH,
    /** Not a notification at all (400): no resend can fix it. */
    UNDECODABLE,
    /** Over {@code server.maxBodyBytes} (413). */
    TOO_LARGE,
    /** The store could not commit (503): the producer resends. */
    STORE,
    /** A Herald bug (500). */
    INTERNAL;

    /** The metric label: {@code auth}, {@code undecodable}, {@code too_large}, {@code store}, {@code internal}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
