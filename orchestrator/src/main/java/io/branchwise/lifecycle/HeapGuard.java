package io.branchwise.lifecycle;

import javax.management.NotificationEmitter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * A heap limit for a process that cannot choose its own {@code -Xmx} (it is started with {@code java -jar}): when
 * the long-lived heap is still over the limit right after a collection, the live data really are that large, and
 * the process is told through {@link FatalErrors} to stop cleanly instead of thrashing towards an
 * {@link OutOfMemoryError} at an arbitrary point.
 */
public final class HeapGuard {
    private HeapGuard() {
    }

    /**
     * Watches every heap pool that reports usage after collection (the old generation) against {@code limitBytes},
     * or the pool's own maximum if that is lower.
     *
     * @return the limit actually watched, in bytes
     */
    public static long install(long limitBytes) {
        long watched = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()) {
                long max = pool.getUsage().getMax();
                long threshold = max > 0 ? Math.min(limitBytes, (long) (max * 0.95)) : limitBytes;
                pool.setCollectionUsageThreshold(threshold);
                watched = Math.max(watched, threshold);
            }
        }
        NotificationEmitter emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
        emitter.addNotificationListener((notification, handback) -> {
            if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                FatalErrors.report(new OutOfMemoryError("the heap holds more than its limit of "
                        + (limitBytes >> 20) + " MB after a collection"));
            }
        }, null, null);
        return watched;
    }
}
