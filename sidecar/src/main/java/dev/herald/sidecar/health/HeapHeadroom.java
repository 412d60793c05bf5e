package dev.herald.sidecar.health;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Optional;

/**
 * Unready when the heap is nearly full of live objects: what the heap pools held after their last
 * collection, and what they hold now, both leave less than {@code minFree} of the maximum free.
 * After a collection is what survives it (garbage does not count); now is checked too because a
 * pool that has shrunk since may not be collected again for a long time.
 */
public final class HeapHeadroom implements ReadinessCheck {
    private final double minFree;
    private final List<MemoryPoolMXBean> pools;
    private final long max;

    public HeapHeadroom(double minFree) {
        this(minFree, ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList(), Runtime.getRuntime().maxMemory());
    }

    HeapHeadroom(double minFree, List<MemoryPoolMXBean> pools, long max) {
        this.minFree = minFree;
        this.pools = pools;
        this.max = max;
    }

    @Override
    public Optional<String> problem() {
        long live = 0;
        for (MemoryPoolMXBean pool : pools) {
            long now = pool.getUsage().getUsed();
            MemoryUsage collected = pool.getCollectionUsage();
            live += collected != null ? Math.min(collected.getUsed(), now) : now;
        }
        if (max > 0 && max - live < minFree * max) {
            return Optional.of("heap: " + live / (1 << 20) + " of " + max / (1 << 20) + " MiB live, less than "
                    + Math.round(minFree * 100) + "% free (server.readiness.minFreeHeap)");
        }
        return Optional.empty();
    }
}
