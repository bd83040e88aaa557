package dev.gannet.broker.storage.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Entry ids unique across every node and restart, without a round trip per id: a node reserves a
 * block of ids at a time with one {@code INCRBY} on a shared counter and hands them out itself. The
 * next block is asked for when half of the current one is used, so that the caller (often an event
 * loop) rarely waits for Redis. Ids of a block a node never used are skipped, never reused.
 *
 * <p>A lock rather than an atomic counter: moving to the next block changes two fields at once, and
 * an uncontended lock costs about as much as a compare-and-set.
 */
final class EntryIdBlocks {

    private final int blockSize;
    /** Reserves a block; completes with the block's last id. */
    private final Supplier<CompletableFuture<Long>> reserve;
    /** Waits for a reservation, throwing a {@link dev.gannet.broker.storage.StorageException} when it fails. */
    private final Function<CompletableFuture<Long>, Long> await;

    private long next = 1;
    private long last;
    private CompletableFuture<Long> coming;

    EntryIdBlocks(int blockSize, Supplier<CompletableFuture<Long>> reserve, Function<CompletableFuture<Long>, Long> await) {
        this.blockSize = blockSize;
        this.reserve = reserve;
        this.await = await;
    }

    /** Asks for the first block now, so that the first id need not wait. */
    synchronized void prefetch() {
        if (coming == null) {
            coming = reserve.get();
        }
    }

    synchronized long next() {
        if (next > last) {
            CompletableFuture<Long> block = coming != null ? coming : reserve.get();
            coming = null; // a failed reservation is asked for again by the next call
            last = await.apply(block);
            next = last - blockSize + 1;
        }
        long id = next++;
        long left = last - next + 1;
        if (coming == null && left <= blockSize / 2) {
            coming = reserve.get();
        }
        return id;
    }
}
