package dev.herald.sidecar.tls;

/** A certificate or key file that cannot be used, with the reason an operator can act on. */
public final class TlsFileException extends RuntimeException {
    public TlsFileException(String message) {
        super(message);
    }

    public TlsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
