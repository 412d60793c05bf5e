package dev.herald.dialects.bos;

/** A request the BOS API refuses; becomes {@code {"code","message","requestId"}} with the code's status. */
public final class BosException extends RuntimeException {
    private final BosErrorCode error;

    public BosException(BosErrorCode error, String message) {
        // Refusals are expected answers, not faults: no stack trace to capture.
        super(message, null, false, false);
        this.error = error;
    }

    public BosErrorCode error() {
        return error;
    }

    public String code() {
        return error.code();
    }

    public int httpStatus() {
        return error.httpStatus();
    }
}
