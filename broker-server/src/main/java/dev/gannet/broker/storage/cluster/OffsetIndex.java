package dev.gannet.broker.storage.cluster;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Where one application client's entries are in its topic, as far as this node has read it: entry
 * id to the offsets of its records. An entry has one record, unless an append was retried with the
 * same entry id; then all its records are done together.
 *
 * <p>Removing an entry must mark its offset done, but the node that removes it is usually not the
 * node that appended it, and a record's key (the entry id) is all that links the two. So the node
 * learns offsets by reading the topic ({@link KafkaApplicationQueueStore#entries} at session restore,
 * and a read from {@link #readTo()} to the end when an entry is not known yet) and forgets each entry
 * once removed. Its size is bounded by the entries the session holds.
 *
 * <p>Not thread-safe: the store uses each index under its own monitor.
 */
final class OffsetIndex {

    private static final long NOT_READ = -1;

    private final Map<Long, long[]> offsets = new HashMap<>();
    /** Every record below this offset was read into {@link #offsets}; {@value #NOT_READ} before the first read. */
    private long readTo = NOT_READ;

    boolean hasRead() {
        return readTo != NOT_READ;
    }

    long readTo() {
        return readTo;
    }

    void readTo(long offset) {
        readTo = offset;
    }

    /** Learns that {@code entryId} has a record at {@code offset} (again: nothing changes). */
    void add(long entryId, long offset) {
        long[] known = offsets.get(entryId);
        if (known == null) {
            offsets.put(entryId, new long[] {offset});
        } else if (Arrays.stream(known).noneMatch(o -> o == offset)) {
            long[] more = Arrays.copyOf(known, known.length + 1);
            more[known.length] = offset;
            offsets.put(entryId, more);
        }
    }

    /** The offsets of {@code entryId}'s records, forgotten here; null when not known. */
    long[] take(long entryId) {
        return offsets.remove(entryId);
    }

    /** Forgets everything, to read again from {@code offset}. */
    void restartAt(long offset) {
        offsets.clear();
        readTo = offset;
    }
}
