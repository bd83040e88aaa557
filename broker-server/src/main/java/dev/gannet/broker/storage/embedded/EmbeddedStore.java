package dev.gannet.broker.storage.embedded;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.storage.BrokerStore;
import dev.gannet.broker.storage.FsyncPolicy;
import dev.gannet.broker.storage.MessageQueueStore;
import dev.gannet.broker.storage.QueueTarget;
import dev.gannet.broker.storage.RetainedStore;
import dev.gannet.broker.storage.SessionStore;
import dev.gannet.broker.storage.StorageException;
import dev.gannet.broker.storage.StoredEntry;
import dev.gannet.broker.storage.StoredSession;
import dev.gannet.broker.storage.StoredSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded store: an append-only log of {@link Change}s in numbered segment files, compacted
 * by snapshots, in one directory.
 *
 * <p>Why a log of our own rather than RocksDB or H2's MVStore: the broker keeps its whole working
 * state in memory, so the store's job is to make changes durable in order and to rebuild the state
 * at start-up. Sequential appends are the cheapest durable write there is; one writer thread
 * batches every change waiting at that moment into one write (group commit) and applies the fsync
 * policy to the batch; a snapshot written when a segment fills bounds both disk use and start-up
 * time. RocksDB would add a 90 MB native jar and blocking JNI calls (a thread of its own anyway)
 * for key-value features the broker does not use; MVStore rewrites page trees on each commit.
 *
 * <p>Files: {@code log-NNNNNNNNNN.gnl} segments and {@code snapshot-NNNNNNNNNN.gns}, where snapshot N
 * holds the state at the start of segment N. Recovery reads the newest snapshot and the segments
 * from its number on. A torn write at the very end of the last segment (the broker was killed or
 * the machine lost power mid-write) is cut off with a warning: it was never acknowledged. Damage
 * anywhere else stops start-up with a message naming the file and byte, unless salvage is asked
 * for, which keeps everything readable and says what was dropped. Nothing silently starts empty.
 *
 * <p>Every change returns a future that completes once the change is written (and forced, under
 * {@link FsyncPolicy#ALWAYS}), on the writer thread: continue on your own thread.
 */
public final class EmbeddedStore implements BrokerStore {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);
    private static final Pattern SEGMENT = Pattern.compile("log-(\\d{10})\\.gnl");
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{10})\\.gns");
    private static final int MAX_BATCH = 4096;

    /** How the store is opened; see the README's storage section for what each setting guarantees. */
    public record Options(FsyncPolicy fsync, long fsyncIntervalMillis, long segmentBytes, boolean salvage) {

        public static Options defaults() {
            return new Options(FsyncPolicy.INTERVAL, 100, 64L * 1024 * 1024, false);
        }
    }

    private record Pending(Change change, byte[] bytes, CompletableFuture<Void> done) {
    }

    private static final Pending STOP = new Pending(null, null, null);

    private final Path dir;
    private final Options options;
    private final StoreState state = new StoreState();
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final AtomicLong entryIds = new AtomicLong();
    private final AtomicLong messageIds = new AtomicLong();
    private final Thread writer;
    private volatile FileChannel segment;
    private long segmentNumber;
    private long segmentSize;
    /** Written since the last force; the force thread clears it under {@link FsyncPolicy#INTERVAL}. */
    private final AtomicBoolean dirty = new AtomicBoolean();
    /** Under {@link FsyncPolicy#INTERVAL}, forces the segment on its own thread so that writes never wait for it. */
    private final ScheduledExecutorService forcer;
    private volatile boolean closed;

    private final SessionStore sessions = new Sessions();
    private final MessageQueueStore queues = new Queues();
    private final RetainedStore retained = new Retained();

    private EmbeddedStore(Path dir, Options options) {
        this.dir = dir;
        this.options = options;
        this.writer = new Thread(this::writeLoop, "gannet-store-writer");
        this.writer.setDaemon(true);
        this.forcer = options.fsync() != FsyncPolicy.INTERVAL ? null : Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gannet-store-fsync");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Opens (creating if needed) the store in {@code dir}, recovering its state. */
    public static EmbeddedStore open(Path dir, Options options) {
        EmbeddedStore store = new EmbeddedStore(dir, options);
        try {
            Files.createDirectories(dir);
            store.recover();
            store.startNewSegmentWithSnapshot();
        } catch (IOException e) {
            throw new StorageException("Cannot open the store in " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        store.writer.start();
        if (store.forcer != null) {
            long interval = Math.max(1, options.fsyncIntervalMillis());
            store.forcer.scheduleWithFixedDelay(store::forceIfDirty, interval, interval, TimeUnit.MILLISECONDS);
        }
        return store;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public MessageQueueStore queues() {
        return queues;
    }

    @Override
    public RetainedStore retained() {
        return retained;
    }

    // ---- recovery ----------------------------------------------------------------------------

    private void recover() throws IOException {
        List<Long> snapshots = numbers(SNAPSHOT);
        long from = 0;
        if (!snapshots.isEmpty()) {
            from = snapshots.get(snapshots.size() - 1);
            Path file = snapshotFile(from);
            LogFile.ReadResult snapshot = read(file);
            if (snapshot.isDamaged()) {
                damaged(file, snapshot, false);
            }
            applyAll(file, snapshot.records());
        }
        List<Long> segments = new ArrayList<>();
        for (long n : numbers(SEGMENT)) {
            if (n >= from) {
                segments.add(n);
            }
        }
        for (int i = 0; i < segments.size(); i++) {
            Path file = segmentFile(segments.get(i));
            LogFile.ReadResult log = read(file);
            applyAll(file, log.records());
            if (log.isDamaged()) {
                damaged(file, log, i == segments.size() - 1);
            }
            segmentNumber = segments.get(i);
        }
        segmentNumber = Math.max(segmentNumber, from);
        entryIds.set(state.highestEntryId());
        messageIds.set(state.highestMessageId());
    }

    private void damaged(Path file, LogFile.ReadResult result, boolean lastSegment) throws IOException {
        long lost = result.fileLength() - result.validLength();
        if (lastSegment && result.tornTail()) {
            // The tail of the newest segment was being written when the broker stopped: never acknowledged.
            LOG.warn("Store file {}: {}; cutting off the last {} bytes, a write that was never acknowledged",
                    file, result.damage(), lost);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(result.validLength());
            }
            return;
        }
        String what = "Store file " + file.toAbsolutePath() + " is damaged: " + result.damage() + "; "
                + result.records().size() + " records before it are intact, " + lost + " bytes after it are not";
        if (!options.salvage()) {
            throw new StorageException(what + ". Back up the data directory, then start with storage.salvage=true"
                    + " (GANNET_STORAGE_SALVAGE=true) to keep everything readable and drop the damaged part.");
        }
        LOG.error("{}. Salvage is on: continuing with the intact records and dropping the rest of that file.", what);
    }

    private void applyAll(Path file, List<byte[]> records) {
        for (byte[] record : records) {
            try {
                state.apply(ChangeCodec.decode(record));
            } catch (IOException e) {
                throw new StorageException("Store file " + file.toAbsolutePath() + " holds a record this version cannot read ("
                        + e.getMessage() + "); was it written by a newer Gannet?", e);
            }
        }
    }

    private LogFile.ReadResult read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return LogFile.read(file, channel);
        }
    }

    private List<Long> numbers(Pattern pattern) throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                Matcher m = pattern.matcher(f.getFileName().toString());
                if (m.matches()) {
                    out.add(Long.parseLong(m.group(1)));
                }
            });
        }
        out.sort(null);
        return out;
    }

    private Path segmentFile(long n) {
        return dir.resolve(String.format("log-%010d.gnl", n));
    }

    private Path snapshotFile(long n) {
        return dir.resolve(String.format("snapshot-%010d.gns", n));
    }

    // ---- writing -----------------------------------------------------------------------------

    /**
     * Starts segment N+1 and writes snapshot N+1 (the state so far) beside it, then deletes what the
     * snapshot makes redundant. Written to a temporary file, forced, and renamed: a snapshot is whole or absent.
     */
    private void startNewSegmentWithSnapshot() throws IOException {
        long next = segmentNumber + 1;
        Path temp = dir.resolve("snapshot.tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            LogFile.writeHeader(out);
            List<Change> changes;
            synchronized (state) {
                changes = state.asChanges();
            }
            List<ByteBuffer> frames = new ArrayList<>(changes.size());
            for (Change change : changes) {
                frames.add(LogFile.frame(ChangeCodec.encode(change)));
            }
            writeAll(out, frames);
            out.force(true);
        }
        Files.move(temp, snapshotFile(next), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (segment != null) {
            segment.force(true);
            segment.close();
        }
        segment = FileChannel.open(segmentFile(next), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        LogFile.writeHeader(segment);
        segment.force(true);
        segmentNumber = next;
        segmentSize = LogFile.MAGIC.length;
        for (long n : numbers(SEGMENT)) {
            if (n < next) {
                Files.deleteIfExists(segmentFile(n));
            }
        }
        for (long n : numbers(SNAPSHOT)) {
            if (n < next) {
                Files.deleteIfExists(snapshotFile(n));
            }
        }
    }

    private static void writeAll(FileChannel channel, List<ByteBuffer> frames) throws IOException {
        ByteBuffer[] buffers = frames.toArray(new ByteBuffer[0]);
        long remaining = 0;
        for (ByteBuffer b : buffers) {
            remaining += b.remaining();
        }
        while (remaining > 0) {
            remaining -= channel.write(buffers);
        }
    }

    private CompletableFuture<Void> submit(Change change) {
        if (closed) {
            return CompletableFuture.failedFuture(new StorageException("the store is closed"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.add(new Pending(change, ChangeCodec.encode(change), done));
        return done;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        boolean running = true;
        while (running) {
            try {
                batch.add(pending.take());
                pending.drainTo(batch, MAX_BATCH);
                running = writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (IOException | RuntimeException e) {
                LOG.error("The store could not write to {}: {}", segmentFile(segmentNumber), e.toString(), e);
                for (Pending p : batch) {
                    if (p.done() != null) {
                        p.done().completeExceptionally(new StorageException("write failed: " + e.getMessage(), e));
                    }
                }
            }
            batch.clear();
        }
        try {
            if (segment != null) {
                segment.force(true);
                segment.close();
            }
        } catch (IOException e) {
            LOG.warn("Could not close {}: {}", segmentFile(segmentNumber), e.toString());
        }
    }

    /** Writes one batch with one gathering write; false when the batch held the stop marker. */
    private boolean writeBatch(List<Pending> batch) throws IOException {
        boolean stop = false;
        List<ByteBuffer> frames = new ArrayList<>(batch.size());
        List<Pending> written = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            if (p == STOP) {
                stop = true;
                continue;
            }
            frames.add(LogFile.frame(p.bytes()));
            written.add(p);
        }
        if (!frames.isEmpty()) {
            writeAll(segment, frames);
            for (ByteBuffer frame : frames) {
                segmentSize += frame.capacity();
            }
            synchronized (state) {
                for (Pending p : written) {
                    state.apply(p.change());
                }
            }
            if (options.fsync() == FsyncPolicy.ALWAYS) {
                segment.force(false);
            } else {
                dirty.set(true);
            }
            for (Pending p : written) {
                p.done().complete(null);
            }
            if (segmentSize >= options.segmentBytes()) {
                startNewSegmentWithSnapshot();
            }
        }
        return !stop;
    }

    /** The force thread's tick under {@link FsyncPolicy#INTERVAL}. */
    private void forceIfDirty() {
        if (!dirty.getAndSet(false)) {
            return;
        }
        FileChannel current = segment;
        try {
            current.force(false);
        } catch (ClosedChannelException e) {
            // The writer rolled to a new segment meanwhile; it forced the old one before closing it.
        } catch (IOException e) {
            LOG.error("Could not force {} to disk: {}", segmentFile(segmentNumber), e.toString());
        }
    }

    /** Writes everything submitted so far, forces it to disk, and stops the writer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (forcer != null) {
            forcer.shutdownNow();
        }
        pending.add(STOP);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Messages held once however many queues refer to them (for tests and diagnostics). */
    int storedMessageCount() {
        synchronized (state) {
            return state.messageCount();
        }
    }

    /** The segment currently written to (for tests and diagnostics). */
    Path currentSegment() {
        return segmentFile(segmentNumber);
    }

    // ---- the SPI ---------------------------------------------------------------------------------

    private final class Sessions implements SessionStore {
        @Override
        public CompletableFuture<Void> saveSession(String clientId, long expiryIntervalSeconds) {
            return submit(new Change.SessionSaved(clientId, expiryIntervalSeconds));
        }

        @Override
        public CompletableFuture<Void> removeSession(String clientId) {
            return submit(new Change.SessionRemoved(clientId));
        }

        @Override
        public CompletableFuture<Void> saveSubscription(String clientId, StoredSubscription subscription) {
            return submit(new Change.SubscriptionSaved(clientId, subscription));
        }

        @Override
        public CompletableFuture<Void> removeSubscription(String clientId, String filter) {
            return submit(new Change.SubscriptionRemoved(clientId, filter));
        }

        @Override
        public List<StoredSession> loadSessions() {
            synchronized (state) {
                return state.sessions();
            }
        }
    }

    private final class Queues implements MessageQueueStore {
        @Override
        public long newEntryId() {
            return entryIds.incrementAndGet();
        }

        @Override
        public CompletableFuture<Void> enqueue(Message message, List<QueueTarget> targets) {
            return submit(new Change.Enqueued(messageIds.incrementAndGet(), message, targets));
        }

        @Override
        public CompletableFuture<Void> markInFlight(String clientId, long entryId, int packetId) {
            return submit(new Change.InFlight(clientId, entryId, packetId));
        }

        @Override
        public CompletableFuture<Void> markReleased(String clientId, long entryId) {
            return submit(new Change.Released(clientId, entryId));
        }

        @Override
        public CompletableFuture<Void> remove(String clientId, long entryId) {
            return submit(new Change.Removed(clientId, entryId));
        }

        @Override
        public CompletableFuture<Void> rememberInbound(String clientId, int packetId) {
            return submit(new Change.InboundRemembered(clientId, packetId));
        }

        @Override
        public CompletableFuture<Void> forgetInbound(String clientId, int packetId) {
            return submit(new Change.InboundForgotten(clientId, packetId));
        }

        @Override
        public List<StoredEntry> entries(String clientId) {
            synchronized (state) {
                return state.entries(clientId);
            }
        }

        @Override
        public Set<Integer> inbound(String clientId) {
            synchronized (state) {
                return state.inbound(clientId);
            }
        }
    }

    private final class Retained implements RetainedStore {
        @Override
        public CompletableFuture<Void> put(Message message) {
            return submit(new Change.RetainedPut(message));
        }

        @Override
        public CompletableFuture<Void> remove(String topic) {
            return submit(new Change.RetainedRemoved(topic));
        }

        @Override
        public List<Message> loadAll() {
            synchronized (state) {
                return state.retained();
            }
        }
    }
}
