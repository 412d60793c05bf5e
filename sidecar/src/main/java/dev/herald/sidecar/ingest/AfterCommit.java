package dev.herald.sidecar.ingest;

import dev.herald.sidecar.storage.RoutedEvent;

import java.util.List;

/**
 * What happens once accepted events are logged: in the embedded mode their deliveries are admitted
 * to the dispatcher and their jobs woken; a log whose consumers deliver does nothing here.
 */
@FunctionalInterface
public interface AfterCommit {
    void committed(List<RoutedEvent> fresh);
}
