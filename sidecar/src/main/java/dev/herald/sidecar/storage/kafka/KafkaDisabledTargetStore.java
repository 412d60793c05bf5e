package dev.herald.sidecar.storage.kafka;

import dev.herald.sidecar.storage.DisabledTargetStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Disabled target URLs in the compacted disabled topic: a 410 seen by one replica disables the URL on all. */
final class KafkaDisabledTargetStore implements DisabledTargetStore {
    private final CompactedView<DisabledTarget> view;

    KafkaDisabledTargetStore(CompactedView<DisabledTarget> view) {
        this.view = view;
    }

    @Override
    public List<DisabledTarget> list() {
        List<DisabledTarget> out = new ArrayList<>(view.entries().values());
        out.sort(Comparator.comparing(DisabledTarget::targetUrl));
        return out;
    }

    @Override
    public void disable(DisabledTarget target) {
        view.put(target.targetUrl(), KafkaCodec.write(target));
    }

    @Override
    public boolean enable(String targetUrl) {
        boolean was = view.get(targetUrl) != null;
        if (was) {
            view.put(targetUrl, null);
        }
        return was;
    }
}
