package dev.herald.sidecar.health;

import java.util.Optional;

/** One condition Herald needs to serve; {@code /readyz} fails while any check names a problem. */
@FunctionalInterface
public interface ReadinessCheck {
    /** What stops Herald from serving now, or empty. Called on every {@code /readyz}: keep it cheap. */
    Optional<String> problem();
}
