package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.storage.StorageException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntryIdBlocksTest {

    /** A counter standing in for Redis's INCRBY, counting reservations. */
    private final AtomicLong counter = new AtomicLong();
    private final List<Long> reservations = new ArrayList<>();
    private final Supplier<CompletableFuture<Long>> incrby = () -> {
        long last = counter.addAndGet(10);
        reservations.add(last);
        return CompletableFuture.completedFuture(last);
    };

    private static Long join(CompletableFuture<Long> block) {
        try {
            return block.join();
        } catch (RuntimeException e) {
            throw new StorageException("reserve failed", e);
        }
    }

    @Test
    void ids_come_from_blocks_and_the_next_block_is_asked_for_at_half_way() {
        EntryIdBlocks ids = new EntryIdBlocks(10, incrby, EntryIdBlocksTest::join);
        ids.prefetch();
        List<Long> handed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            handed.add(ids.next());
        }
        assertThat(handed).containsExactly(1L, 2L, 3L, 4L);
        assertThat(reservations).containsExactly(10L);
        assertThat(ids.next()).isEqualTo(5); // half the block used
        assertThat(reservations).containsExactly(10L, 20L);
        for (int i = 6; i <= 10; i++) {
            assertThat(ids.next()).isEqualTo(i);
        }
        assertThat(ids.next()).isEqualTo(11);
    }

    @Test
    void another_node_taking_a_block_meanwhile_is_skipped() {
        EntryIdBlocks ids = new EntryIdBlocks(10, incrby, EntryIdBlocksTest::join);
        assertThat(ids.next()).isEqualTo(1);
        counter.addAndGet(10); // another node reserves 11..20 meanwhile
        for (int i = 2; i <= 4; i++) {
            ids.next();
        }
        ids.next(); // 5, asks for the next block: 21..30 (11..20 went elsewhere)
        for (int i = 6; i <= 10; i++) {
            ids.next();
        }
        assertThat(ids.next()).isEqualTo(21);
    }

    @Test
    void a_failed_reservation_fails_the_call_and_is_asked_for_again() {
        List<CompletableFuture<Long>> answers = new ArrayList<>(List.of(
                CompletableFuture.failedFuture(new IllegalStateException("redis away")), CompletableFuture.completedFuture(10L)));
        EntryIdBlocks ids = new EntryIdBlocks(10, () -> answers.remove(0), EntryIdBlocksTest::join);
        assertThatThrownBy(ids::next).isInstanceOf(StorageException.class);
        assertThat(ids.next()).isEqualTo(1);
    }
}
