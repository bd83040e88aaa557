package dev.gannet.bench.load;

import java.util.Map;
import java.util.TreeMap;

/**
 * Accounting of one publisher's sequence numbers as one subscriber receives them (sequence numbers
 * start at 0 and rise by 1). Every message ends up either received (in order, or late after a
 * gap: out of order) or lost; a sequence number received again is a duplicate.
 *
 * <p>Gaps are kept as ranges, so a long loss costs one entry. Not thread-safe: one subscriber's
 * messages arrive on one event loop.
 */
public final class SequenceTracker {

    /** What one arrival was. */
    public enum Outcome { IN_ORDER, AFTER_GAP, LATE, DUPLICATE }

    /** One past the highest sequence number seen. */
    private long next;
    /** Sequence numbers below {@link #next} not received yet: start to end (exclusive). */
    private final TreeMap<Long, Long> missing = new TreeMap<>();
    private long missingCount;
    private long received;
    private long duplicates;
    private long outOfOrder;

    public Outcome accept(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("negative sequence number " + sequence);
        }
        if (sequence == next) {
            next++;
            received++;
            return Outcome.IN_ORDER;
        }
        if (sequence > next) {
            missing.put(next, sequence);
            missingCount += sequence - next;
            next = sequence + 1;
            received++;
            return Outcome.AFTER_GAP;
        }
        Map.Entry<Long, Long> gap = missing.floorEntry(sequence);
        if (gap != null && sequence < gap.getValue()) {
            long start = gap.getKey();
            long end = gap.getValue();
            missing.remove(start);
            if (start < sequence) {
                missing.put(start, sequence);
            }
            if (sequence + 1 < end) {
                missing.put(sequence + 1, end);
            }
            missingCount--;
            received++;
            outOfOrder++;
            return Outcome.LATE;
        }
        duplicates++;
        return Outcome.DUPLICATE;
    }

    /** Distinct messages received. */
    public long received() {
        return received;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Messages that arrived after a later one from the same publisher. */
    public long outOfOrder() {
        return outOfOrder;
    }

    /**
     * @param sent how many messages the publisher sent (sequence numbers 0 to sent - 1)
     * @return those never received
     */
    public long lost(long sent) {
        return missingCount + Math.max(0, sent - next);
    }

    /**
     * @param sent  how many messages the publisher sent
     * @param below a sequence number
     * @return those below {@code below} never received (the part of {@link #lost(long)} sent before it)
     */
    public long lostBelow(long sent, long below) {
        long count = overlap(next, sent, below);
        for (Map.Entry<Long, Long> gap : missing.headMap(below).entrySet()) {
            count += overlap(gap.getKey(), gap.getValue(), below);
        }
        return count;
    }

    /** How many of start (inclusive) to end (exclusive) lie below {@code below}. */
    private static long overlap(long start, long end, long below) {
        return Math.max(0, Math.min(end, below) - start);
    }

    /** Sequence numbers at or beyond {@code sent} (a publisher never sent them: a corrupt count). */
    public boolean beyond(long sent) {
        return next > sent;
    }
}
