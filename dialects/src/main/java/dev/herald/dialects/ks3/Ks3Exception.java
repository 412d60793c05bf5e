package dev.herald.dialects.ks3;

/** A request the KS3 API refuses; {@link Ks3ConfigApi} answers it as an XML {@code <Error>} with the code's status. */
public final class Ks3Exception extends RuntimeException {
    private final Ks3ErrorCode error;

    public Ks3Exception(Ks3ErrorCode error, String message) {
        // A refusal is an answer, not a fault: capturing a stack trace would only cost time.
        super(message, null, false, false);
        this.error = error;
    }

    public Ks3ErrorCode error() {
        return error;
    }
}
