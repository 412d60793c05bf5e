package dev.herald.dialects;

/** The durable store could not commit; the caller should answer "retry later" (503). */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
