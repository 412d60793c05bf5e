package dev.herald.adapter.backend;

/** The object is larger than the caller is willing to read; retrying does not help. */
public final class ObjectTooLargeException extends RuntimeException {
    public ObjectTooLargeException(String message) {
        super(message);
    }
}
