package dev.herald.sidecar.config;

/** The configuration cannot be used; the message says which key and why. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
