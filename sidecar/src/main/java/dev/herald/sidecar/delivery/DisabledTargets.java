package dev.herald.sidecar.delivery;

import dev.herald.sidecar.storage.DisabledTargetStore;
import dev.herald.sidecar.storage.DisabledTargetStore.DisabledTarget;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Target URLs that answered {@code 410 Gone}: the receiver says the endpoint is gone for good, so
 * Herald stops calling it. Deliveries to a disabled URL go straight to the dead letters
 * (replayable once an operator re-enables the URL). Stored, so a restart does not forget them;
 * read from memory on every attempt.
 */
public final class DisabledTargets {
    private final DisabledTargetStore store;
    private final Map<String, DisabledTarget> disabled = new ConcurrentHashMap<>();

    public DisabledTargets(DisabledTargetStore store) {
        this.store = store;
        reload();
    }

    /** Reads the store again: another replica disabled or enabled a URL (cluster mode). */
    public void reload() {
        List<DisabledTarget> now = store.list();
        now.forEach(d -> disabled.put(d.targetUrl(), d));
        disabled.keySet().retainAll(now.stream().map(DisabledTarget::targetUrl).toList());
    }

    public boolean isDisabled(String targetUrl) {
        return disabled.containsKey(targetUrl);
    }

    public void disable(String targetUrl, String reason, long now) {
        DisabledTarget target = new DisabledTarget(targetUrl, now, reason);
        store.disable(target);
        disabled.put(targetUrl, target);
    }

    /** True when the URL was disabled. */
    public boolean enable(String targetUrl) {
        boolean removed = store.enable(targetUrl);
        disabled.remove(targetUrl);
        return removed;
    }

    public List<DisabledTarget> list() {
        List<DisabledTarget> out = new ArrayList<>(disabled.values());
        out.sort(Comparator.comparing(DisabledTarget::targetUrl));
        return out;
    }
}
