package dev.herald.sidecar.delivery;

import dev.herald.sidecar.store.HeraldStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Target URLs that answered {@code 410 Gone}: the receiver says the endpoint is gone for good, so
 * Herald stops calling it. Deliveries to a disabled URL go straight to the dead letters (replayable
 * once an operator re-enables the URL). Kept in the store, so a restart does not forget them.
 */
public final class DisabledTargets {
    private final HeraldStore store;
    private final Map<String, Disabled> disabled = new ConcurrentHashMap<>();

    public record Disabled(String targetUrl, long disabledAt, String reason) {
    }

    public DisabledTargets(HeraldStore store) {
        this.store = store;
        store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT target_url, disabled_at, reason FROM disabled_targets");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    disabled.put(rs.getString(1), new Disabled(rs.getString(1), rs.getLong(2), rs.getString(3)));
                }
            }
            return null;
        });
    }

    public boolean isDisabled(String targetUrl) {
        return disabled.containsKey(targetUrl);
    }

    public void disable(String targetUrl, String reason, long now) {
        store.writer().execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO disabled_targets (target_url, disabled_at, "
                    + "reason) VALUES (?, ?, ?)")) {
                ps.setString(1, targetUrl);
                ps.setLong(2, now);
                ps.setString(3, reason);
                return ps.executeUpdate();
            }
        });
        disabled.put(targetUrl, new Disabled(targetUrl, now, reason));
    }

    /** True when the URL was disabled. */
    public boolean enable(String targetUrl) {
        int removed = store.writer().execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM disabled_targets WHERE target_url = ?")) {
                ps.setString(1, targetUrl);
                return ps.executeUpdate();
            }
        });
        disabled.remove(targetUrl);
        return removed == 1;
    }

    public List<Disabled> list() {
        return new ArrayList<>(disabled.values());
    }
}
