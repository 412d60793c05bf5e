package dev.herald.dialects.qingstor;

/** A request the QingStor API refuses; {@link QingStorConfigApi} answers it as QingStor's JSON error. */
public final class QingStorException extends RuntimeException {
    private final QingStorErrorCode error;

    public QingStorException(QingStorErrorCode error, String message) {
        // An expected refusal, answered to the client: a stack trace would be wasted work.
        super(message, null, false, false);
        this.error = error;
    }

    public QingStorErrorCode error() {
        return error;
    }
}
