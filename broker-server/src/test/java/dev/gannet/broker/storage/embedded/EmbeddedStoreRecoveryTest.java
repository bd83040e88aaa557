package dev.gannet.broker.storage.embedded;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.storage.FsyncPolicy;
import dev.gannet.broker.storage.QueueTarget;
import dev.gannet.broker.storage.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the embedded store copes with what crashes and disks do to its files. */
class EmbeddedStoreRecoveryTest {

    @TempDir
    Path dir;

    private static final EmbeddedStore.Options OPTIONS = new EmbeddedStore.Options(FsyncPolicy.NEVER, 0, 64 * 1024 * 1024, false);

    private static void await(CompletableFuture<?> future) throws Exception {
        future.get(10, TimeUnit.SECONDS);
    }

    private static Message message(int i) {
        return new Message("t/" + i, ("payload-" + i).getBytes(), 1, false, "p", 0);
    }

    /** Writes {@code count} queued messages for client "c" into a fresh store and closes it; returns the segment. */
    private Path writeMessages(int count) throws Exception {
        EmbeddedStore store = EmbeddedStore.open(dir, OPTIONS);
        for (int i = 0; i < count; i++) {
            await(store.queues().enqueue(message(i), List.of(new QueueTarget("c", store.queues().newEntryId(), 1, false, List.of()))));
        }
        Path segment = store.currentSegment();
        store.close();
        return segment;
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(bytes));
        }
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            channel.write(one, position);
        }
    }

    @Test
    void a_torn_write_at_the_end_of_the_log_is_cut_off_and_everything_before_it_recovered() throws Exception {
        Path segment = writeMessages(3);
        append(segment, new byte[] {0, 0, 0, 40, 1, 2, 3}); // a frame header promising 40 bytes that never came
        try (EmbeddedStore store = EmbeddedStore.open(dir, OPTIONS)) {
            assertThat(store.queues().entries("c")).extracting(e -> e.message().topic()).containsExactly("t/0", "t/1", "t/2");
        }
    }

    @Test
    void damage_in_the_middle_of_the_log_stops_start_up_naming_the_file_and_the_byte() throws Exception {
        Path segment = writeMessages(5);
        long middle = Files.size(segment) / 2;
        flipByte(segment, middle);
        assertThatThrownBy(() -> EmbeddedStore.open(dir, OPTIONS))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(segment.getFileName().toString())
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("storage.salvage=true");
        assertThat(Files.size(segment)).as("nothing is cut off without being asked").isGreaterThan(middle);
    }

    @Test
    void salvage_keeps_every_intact_record_before_the_damage() throws Exception {
        Path segment = writeMessages(5);
        flipByte(segment, Files.size(segment) / 2);
        EmbeddedStore.Options salvage = new EmbeddedStore.Options(FsyncPolicy.NEVER, 0, 64 * 1024 * 1024, true);
        try (EmbeddedStore store = EmbeddedStore.open(dir, salvage)) {
            assertThat(store.queues().entries("c")).isNotEmpty().hasSizeLessThan(5)
                    .extracting(e -> e.message().topic()).startsWith("t/0");
        }
    }

    @Test
    void a_damaged_snapshot_is_never_mistaken_for_an_empty_store() throws Exception {
        writeMessages(3);
        try (EmbeddedStore reopened = EmbeddedStore.open(dir, OPTIONS)) {
            assertThat(reopened.queues().entries("c")).hasSize(3); // now held in the newest snapshot
        }
        Path snapshot;
        try (Stream<Path> files = Files.list(dir)) {
            snapshot = files.filter(f -> f.getFileName().toString().startsWith("snapshot-")).max(Path::compareTo).orElseThrow();
        }
        flipByte(snapshot, 20);
        assertThatThrownBy(() -> EmbeddedStore.open(dir, OPTIONS))
                .isInstanceOf(StorageException.class).hasMessageContaining(snapshot.getFileName().toString());
    }

    @Test
    void a_file_that_is_not_a_store_file_is_reported() throws Exception {
        writeMessages(1);
        Files.write(dir.resolve("log-0000000099.gnl"), "hello, I am not a log".getBytes());
        assertThatThrownBy(() -> EmbeddedStore.open(dir, OPTIONS)).hasMessageContaining("bad header");
    }

    @Test
    void full_segments_are_compacted_into_snapshots_and_old_files_deleted() throws Exception {
        EmbeddedStore.Options small = new EmbeddedStore.Options(FsyncPolicy.INTERVAL, 10, 2 * 1024, false);
        try (EmbeddedStore store = EmbeddedStore.open(dir, small)) {
            for (int i = 0; i < 200; i++) {
                long entry = store.queues().newEntryId();
                await(store.queues().enqueue(message(i), List.of(new QueueTarget("c", entry, 1, false, List.of()))));
                if (i % 2 == 0) {
                    await(store.queues().remove("c", entry));
                }
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(f -> !f.getFileName().toString().equals("gannet.lock")).count())
                    .as("one snapshot and one segment").isEqualTo(2);
        }
        try (EmbeddedStore store = EmbeddedStore.open(dir, small)) {
            assertThat(store.queues().entries("c")).hasSize(100)
                    .extracting(e -> e.message().topic()).startsWith("t/1", "t/3", "t/5");
        }
    }

    @Test
    void a_message_queued_for_many_clients_is_stored_once_and_forgotten_with_its_last_entry() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir, OPTIONS)) {
            QueueTarget a = new QueueTarget("a", store.queues().newEntryId(), 1, false, List.of());
            QueueTarget b = new QueueTarget("b", store.queues().newEntryId(), 1, false, List.of());
            await(store.queues().enqueue(message(1), List.of(a, b)));
            assertThat(store.storedMessageCount()).isEqualTo(1);
            await(store.queues().remove("a", a.entryId()));
            assertThat(store.storedMessageCount()).isEqualTo(1);
            await(store.queues().remove("b", b.entryId()));
            assertThat(store.storedMessageCount()).isZero();
        }
    }

    @Test
    void every_fsync_policy_keeps_what_it_acknowledged_across_a_clean_restart() throws Exception {
        for (FsyncPolicy policy : FsyncPolicy.values()) {
            Path policyDir = Files.createDirectory(dir.resolve(policy.name()));
            EmbeddedStore.Options options = new EmbeddedStore.Options(policy, 5, 64 * 1024, false);
            try (EmbeddedStore store = EmbeddedStore.open(policyDir, options)) {
                await(store.retained().put(message(7).withQosAndRetain(1, true)));
            }
            try (EmbeddedStore store = EmbeddedStore.open(policyDir, options)) {
                assertThat(store.retained().loadAll()).as(policy.name()).extracting(Message::topic).containsExactly("t/7");
            }
        }
    }

    @Test
    void operations_after_close_fail_rather_than_vanish() throws Exception {
        EmbeddedStore store = EmbeddedStore.open(dir, OPTIONS);
        store.close();
        assertThat(store.retained().put(message(1))).isCompletedExceptionally();
    }
}
