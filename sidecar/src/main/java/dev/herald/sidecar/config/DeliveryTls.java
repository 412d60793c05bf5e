package dev.herald.sidecar.config;

/**
 * {@code delivery.tls}: how Herald checks the receivers' certificates (a part of {@link DeliveryConfig}).
 * Verification is always on; there is no key to switch it off.
 *
 * @param caFile PEM bundle of CA certificates trusted in addition to the JDK's default ones
 */
public record DeliveryTls(String caFile) {
}
