package dev.herald.sidecar.storage;

import java.util.List;

/** Target URLs that answered {@code 410 Gone}, until an operator re-enables them. */
public interface DisabledTargetStore {
    record DisabledTarget(String targetUrl, long disabledAt, String reason) {
    }

    List<DisabledTarget> list();

    void disable(DisabledTarget target);

    /** True when the URL was disabled. */
    boolean enable(String targetUrl);
}
