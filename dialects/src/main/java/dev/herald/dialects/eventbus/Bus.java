package dev.herald.dialects.eventbus;

import java.util.Objects;

/**
 * An event bus declared in Herald's configuration.
 *
 * @param id   the id clients name in {@code eventBusId} ({@code eb-xxxxxx} in Baidu's examples)
 * @param name the name Herald sets as every event's {@code eventBusName}
 */
public record Bus(String id, String name) {
    public Bus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
