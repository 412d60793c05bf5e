package dev.herald.dialects.qingstor;

/**
 * An image cloudfunc that cannot run: the source is too large or not a readable image, the result
 * would be too large, or the output type cannot be written. The message says which, in words fit
 * for the {@code error} of a failure report ({@link CloudfuncOutcome#failed}).
 */
public final class QingStorImageException extends Exception {
    public QingStorImageException(String message) {
        super(message);
    }

    public QingStorImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
