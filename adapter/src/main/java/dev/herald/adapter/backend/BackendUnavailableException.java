package dev.herald.adapter.backend;

/** The S3 backend could not be reached or refused the call; the message says which call and why. */
public final class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
