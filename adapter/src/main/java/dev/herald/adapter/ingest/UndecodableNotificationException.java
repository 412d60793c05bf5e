package dev.herald.adapter.ingest;

/**
 * A body that is not a bucket notification Herald understands. The message is one line, says
 * which field is wrong, and never quotes more than a short excerpt of the body.
 */
public final class UndecodableNotificationException extends Exception {
    public UndecodableNotificationException(String message) {
        super(message);
    }
}
