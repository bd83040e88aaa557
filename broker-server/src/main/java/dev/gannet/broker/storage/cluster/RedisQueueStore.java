package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.message.MessageCodec;
import dev.gannet.broker.storage.MessageQueueStore;
import dev.gannet.broker.storage.QueueTarget;
import dev.gannet.broker.storage.StorageException;
import dev.gannet.broker.storage.StoredEntry;
import dev.gannet.broker.storage.cluster.QueueScripts.Script;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The queues of persistent sessions in cluster mode, in Redis: every node appends to them, the node
 * that owns a session marks and removes, and a node taking a session over reads them.
 *
 * <p>Keys ({@link ClientKeys}; all of one client's keys share a hash tag, so they live in one Redis
 * Cluster slot): {@code <prefix>:{<client>}:q} a sorted set of entry ids scored by the per-client
 * sequence {@code :seq}, so order is append order even when ids come from different nodes;
 * {@code :m} entry id to entry (message and per-client details, {@link EntryCodec}); {@code :s} entry
 * id to delivery state; {@code :in} inbound QoS 2 packet ids; {@code :owner} the owning node; and for
 * an application client, whose entries live in a Kafka topic ({@link KafkaApplicationQueueStore}),
 * {@code :app-marks}, {@code :app-done} and {@code :app-committed} (see the package-private
 * application methods). Each change is one Lua script ({@link QueueScripts}) over one client's keys:
 * atomic per client, and the append reads the owner in the same step. Unlike the embedded store, a
 * message queued for several clients is stored once per client: one script may not touch keys of two
 * slots.
 *
 * <p>Two limits apply in Redis itself, for the sessions no node holds: a cap on the entries waiting
 * per client (the oldest waiting ones are dropped, never those in flight) and an expiry of all a
 * client's keys, refreshed by every write.
 *
 * <p>Threading: the asynchronous methods never block; their futures complete on Lettuce's own I/O
 * threads (not the broker's event loops), so continue on your own thread. {@link #entries} and
 * {@link #inbound} wait, at most {@link #COMMAND_TIMEOUT} and a little. One connection serves every
 * caller (Lettuce multiplexes and pipelines it); commands issued while it reconnects wait for it, up
 * to the timeout, then fail with a {@link StorageException}.
 */
public final class RedisQueueStore implements MessageQueueStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisQueueStore.class);

    /** How long a command may wait for Redis, including while the connection is re-established. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    /** Entry ids reserved per round trip; at a thousand messages a second, one reservation a second. */
    private static final int ID_BLOCK = 1000;

    /**
     * Limits applied in Redis itself, where no node holds the session: a cap per client (oldest dropped)
     * and key expiry.
     *
     * @param maxQueuedPerClient entries waiting per client (not counting those in flight, as the
     *                           session's own limit does); the oldest waiting ones go beyond it
     * @param keyTtlSeconds      a client's keys expire this long after its last change; 0 = keys never expire
     */
    public record Limits(int maxQueuedPerClient, long keyTtlSeconds) {

        public Limits {
            if (maxQueuedPerClient < 1) {
                throw new IllegalArgumentException("maxQueuedPerClient must be positive: " + maxQueuedPerClient);
            }
            if (keyTtlSeconds < 0) {
                throw new IllegalArgumentException("keyTtlSeconds must be 0 (never expire) or positive: " + keyTtlSeconds);
            }
        }
    }

    private final String shownUri;
    private final String prefix;
    private final byte[] ttl;
    private final byte[] cap;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisAsyncCommands<byte[], byte[]> redis;
    private final EntryIdBlocks entryIds;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisQueueStore(String shownUri, String prefix, Limits limits, ClientResources resources, RedisClient client,
                            StatefulRedisConnection<byte[], byte[]> connection) {
        this.shownUri = shownUri;
        this.prefix = prefix;
        this.ttl = ascii(limits.keyTtlSeconds());
        this.cap = ascii(limits.maxQueuedPerClient());
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.redis = connection.async();
        byte[] idKey = (prefix + ":entry-id").getBytes(StandardCharsets.UTF_8);
        this.entryIds = new EntryIdBlocks(ID_BLOCK, () -> dispatch(() -> redis.incrby(idKey, ID_BLOCK)),
                block -> await(block, () -> "reserve entry ids"));
    }

    /**
     * Connects to Redis and loads the scripts. Commands time out after {@link #COMMAND_TIMEOUT}, whatever
     * timeout the URI names.
     *
     * @param redisUri  {@code redis://[password@]host:port[/database]} or {@code rediss://...}
     * @param keyPrefix starts every key, e.g. {@code gannet}, so several clusters can share one Redis; no braces
     * @throws StorageException naming the URI (password hidden) when Redis cannot be reached
     */
    public static RedisQueueStore connect(String redisUri, String keyPrefix, Limits limits) {
        Objects.requireNonNull(redisUri, "redisUri");
        ClientKeys.checkPrefix(Objects.requireNonNull(keyPrefix, "keyPrefix"));
        Objects.requireNonNull(limits, "limits");
        String shown = redact(redisUri);
        // Lettuce's own threads, not the broker's event loops (those serve MQTT clients). One connection
        // is served by one event loop; the computation threads run timeouts and reconnection.
        ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(2).build();
        RedisClient client = null;
        try {
            RedisURI uri = RedisURI.create(redisUri);
            uri.setTimeout(COMMAND_TIMEOUT);
            client = RedisClient.create(resources, uri);
            client.setOptions(ClientOptions.builder()
                    // Without this, a command waits forever while Redis is away: the routing node would never know.
                    .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                    .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).keepAlive(true).build())
                    .build());
            StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
            try {
                loadScripts(connection);
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
            RedisQueueStore store = new RedisQueueStore(shown, keyPrefix, limits, resources, client, connection);
            store.entryIds.prefetch();
            LOG.info("Queues of persistent sessions in Redis at {} (key prefix '{}', at most {} waiting per client, {})",
                    shown, keyPrefix, limits.maxQueuedPerClient(),
                    limits.keyTtlSeconds() == 0 ? "keys never expire" : "keys expire " + limits.keyTtlSeconds() + " s after a change");
            return store;
        } catch (RuntimeException e) {
            shutdown(client, resources);
            throw new StorageException("Cannot connect to Redis at " + shown + ": " + describe(e), e);
        }
    }

    /** Loads every script, so that EVALSHA finds them and a script Redis rejects fails the start, not a publish. */
    private static void loadScripts(StatefulRedisConnection<byte[], byte[]> connection) {
        for (Script script : QueueScripts.ALL) {
            String sha = connection.sync().scriptLoad(script.source());
            if (!script.sha().equals(sha)) {
                throw new IllegalStateException("Redis named script '" + script.name() + "' " + sha + ", expected " + script.sha());
            }
        }
    }

    // ---- MessageQueueStore -------------------------------------------------------------------------

    /** An id unique across every node and restart, from a block reserved in Redis (a round trip per {@value #ID_BLOCK}). */
    @Override
    public long newEntryId() {
        return entryIds.next();
    }

    /** Appends {@code message} for every target, one atomic step per client; see {@link #enqueueWithOwners}. */
    @Override
    public CompletableFuture<Void> enqueue(Message message, List<QueueTarget> targets) {
        return enqueueWithOwners(message, targets).thenApply(owners -> null);
    }

    /**
     * Appends message for every target (one Lua script call per target, pipelined) and returns, per
     * client id, the node that owned that client's queue at the moment of the append (atomically with
     * it), or no entry for a queue nobody owns.
     *
     * <p>Atomic per client, not across clients (their keys live in different slots): when the future
     * fails, some of the appends may have happened. Retrying with the same targets is safe: an entry
     * id already queued is left as it is.
     */
    public CompletableFuture<Map<String, String>> enqueueWithOwners(Message message, List<QueueTarget> targets) {
        if (targets.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        byte[] encoded = MessageCodec.encode(message);
        List<CompletableFuture<byte[]>> appends = new ArrayList<>(targets.size());
        for (QueueTarget target : targets) {
            appends.add(run(QueueScripts.ENQUEUE, ScriptOutputType.VALUE, keys(target.clientId()),
                    ttl, ascii(target.entryId()), EntryCodec.encode(target, encoded), cap));
        }
        CompletableFuture<Map<String, String>> owners = CompletableFuture.allOf(appends.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> {
                    Map<String, String> byClient = new HashMap<>();
                    for (int i = 0; i < targets.size(); i++) {
                        String owner = nodeId(appends.get(i).join());
                        if (owner != null) {
                            byClient.put(targets.get(i).clientId(), owner);
                        }
                    }
                    return byClient;
                });
        return named(owners, () -> "append a message to the queues of " + targets.size() + " client(s), first "
                + targets.get(0).clientId());
    }

    @Override
    public CompletableFuture<Void> markInFlight(String clientId, long entryId, int packetId) {
        return change(QueueScripts.IN_FLIGHT, clientId, () -> "mark entry " + entryId + " of client " + clientId + " in flight",
                ascii(entryId), ascii(packetId));
    }

    @Override
    public CompletableFuture<Void> markReleased(String clientId, long entryId) {
        return change(QueueScripts.RELEASED, clientId, () -> "mark entry " + entryId + " of client " + clientId + " released",
                ascii(entryId));
    }

    @Override
    public CompletableFuture<Void> remove(String clientId, long entryId) {
        return change(QueueScripts.REMOVE, clientId, () -> "remove entry " + entryId + " of client " + clientId, ascii(entryId));
    }

    @Override
    public CompletableFuture<Void> rememberInbound(String clientId, int packetId) {
        return change(QueueScripts.REMEMBER_INBOUND, clientId,
                () -> "remember inbound packet id " + packetId + " of client " + clientId, ascii(packetId));
    }

    @Override
    public CompletableFuture<Void> forgetInbound(String clientId, int packetId) {
        return change(QueueScripts.FORGET_INBOUND, clientId,
                () -> "forget inbound packet id " + packetId + " of client " + clientId, ascii(packetId));
    }

    /** The client's entries in append order, read in one step; waits at most about {@link #COMMAND_TIMEOUT}. */
    @Override
    public List<StoredEntry> entries(String clientId) {
        Supplier<String> what = () -> "read the queue of client " + clientId;
        List<Object> flat = await(run(QueueScripts.READ, ScriptOutputType.MULTI, keys(clientId)), what);
        List<StoredEntry> entries = new ArrayList<>(flat.size() / 3);
        for (int i = 0; i + 2 < flat.size(); i += 3) {
            String id = new String((byte[]) flat.get(i), StandardCharsets.US_ASCII);
            try {
                entries.add(EntryCodec.decode(Long.parseLong(id), (byte[]) flat.get(i + 1), (byte[]) flat.get(i + 2)));
            } catch (IOException | RuntimeException e) {
                throw new StorageException("Redis at " + shownUri + ": entry " + id + " of client " + clientId
                        + " cannot be read: " + e.getMessage(), e);
            }
        }
        return entries;
    }

    /** The QoS 2 packet ids awaiting PUBREL; waits at most about {@link #COMMAND_TIMEOUT}. */
    @Override
    public Set<Integer> inbound(String clientId) {
        Set<byte[]> members = await(dispatch(() -> redis.smembers(keys(clientId)[ClientKeys.INBOUND])),
                () -> "read the inbound packet ids of client " + clientId);
        Set<Integer> ids = new HashSet<>(members.size() * 2);
        for (byte[] member : members) {
            ids.add(Integer.parseInt(new String(member, StandardCharsets.US_ASCII)));
        }
        return Set.copyOf(ids);
    }

    // ---- ownership ------------------------------------------------------------------------------

    /** Makes nodeId the owner of clientId's queue; returns the previous owner, or null. */
    public CompletableFuture<String> claimOwner(String clientId, String nodeId) {
        CompletableFuture<byte[]> previous = run(QueueScripts.CLAIM_OWNER, ScriptOutputType.VALUE, keys(clientId), ttl, utf8(nodeId));
        return named(previous.thenApply(RedisQueueStore::nodeId), () -> "make " + nodeId + " the owner of client " + clientId);
    }

    /** Clears the owner if it is still nodeId (a node letting go of a session it no longer holds). */
    public CompletableFuture<Void> releaseOwner(String clientId, String nodeId) {
        return change(QueueScripts.RELEASE_OWNER, clientId, () -> "release client " + clientId + " from " + nodeId,
                utf8(nodeId));
    }

    /**
     * Deletes everything kept for the client: queue, messages, in-flight marks, pending QoS 2 ids, owner,
     * and an application client's delivery state (its Kafka topic is {@link KafkaApplicationQueueStore}'s to delete).
     */
    public CompletableFuture<Void> deleteClient(String clientId) {
        // One DEL of keys in one slot: atomic, and allowed on Redis Cluster.
        return named(dispatch(() -> redis.del(keys(clientId))).thenApply(count -> null),
                () -> "delete the queue of client " + clientId);
    }

    /** The node that owns clientId's queue now, or null: a plain read, for stores that append elsewhere first. */
    CompletableFuture<String> owner(String clientId) {
        return named(dispatch(() -> redis.get(keys(clientId)[ClientKeys.OWNER])).thenApply(RedisQueueStore::nodeId),
                () -> "read the owner of client " + clientId);
    }

    // ---- application clients: what their Kafka topic cannot hold (KafkaApplicationQueueStore) --------

    /**
     * What Redis holds for an application client, read in one step.
     *
     * @param committed every entry below this offset of the client's topic is done
     * @param done      offsets at or above {@code committed} whose entries are done
     * @param marks     entry id to delivery state, in {@link EntryCodec}'s {@code :s} form
     */
    record ApplicationState(long committed, Set<Long> done, Map<Long, byte[]> marks) {
    }

    /** As {@link #markInFlight}, for an entry that lives in Kafka: kept in {@code :app-marks}, whatever {@code :q} holds. */
    CompletableFuture<Void> markApplicationInFlight(String clientId, long entryId, int packetId) {
        return change(QueueScripts.APP_IN_FLIGHT, clientId,
                () -> "mark entry " + entryId + " of application client " + clientId + " in flight",
                ascii(entryId), ascii(packetId));
    }

    /** As {@link #markReleased}, for an entry that lives in Kafka. */
    CompletableFuture<Void> markApplicationReleased(String clientId, long entryId) {
        return change(QueueScripts.APP_RELEASED, clientId,
                () -> "mark entry " + entryId + " of application client " + clientId + " released", ascii(entryId));
    }

    /**
     * The entry is done: drops its mark, marks the offsets of its records done (none: only the mark
     * goes) and advances the committed offset over the done offsets that follow it. Returns the
     * committed offset.
     */
    CompletableFuture<Long> applicationDone(String clientId, long entryId, long[] offsets) {
        byte[][] args = new byte[offsets.length + 2][];
        args[0] = ttl;
        args[1] = ascii(entryId);
        for (int i = 0; i < offsets.length; i++) {
            args[i + 2] = ascii(offsets[i]);
        }
        CompletableFuture<byte[]> committed = run(QueueScripts.APP_REMOVE, ScriptOutputType.VALUE, keys(clientId), args);
        return named(committed.thenApply(RedisQueueStore::parseLong),
                () -> "remove entry " + entryId + " of application client " + clientId);
    }

    /** Moves the committed offset up to {@code offset} (a reader found nothing left to deliver below it); returns it. */
    CompletableFuture<Long> advanceApplication(String clientId, long offset) {
        CompletableFuture<byte[]> committed = run(QueueScripts.APP_ADVANCE, ScriptOutputType.VALUE, keys(clientId),
                ttl, ascii(offset));
        return named(committed.thenApply(RedisQueueStore::parseLong),
                () -> "advance the committed offset of application client " + clientId + " to " + offset);
    }

    /** The committed offset alone (0 when none was stored). */
    CompletableFuture<Long> applicationCommitted(String clientId) {
        return named(dispatch(() -> redis.get(keys(clientId)[ClientKeys.APP_COMMITTED]))
                        .thenApply(value -> value == null ? 0L : parseLong(value)),
                () -> "read the committed offset of application client " + clientId);
    }

    /** The committed offset, done offsets and marks, in one step; waits at most about {@link #COMMAND_TIMEOUT}. */
    ApplicationState applicationState(String clientId) {
        List<Object> flat = await(run(QueueScripts.APP_READ, ScriptOutputType.MULTI, keys(clientId)),
                () -> "read the state of application client " + clientId);
        long committed = parseLong((byte[]) flat.get(0));
        int doneCount = (int) parseLong((byte[]) flat.get(1));
        Set<Long> done = new HashSet<>(doneCount * 2);
        for (int i = 2; i < 2 + doneCount; i++) {
            done.add(parseLong((byte[]) flat.get(i)));
        }
        Map<Long, byte[]> marks = new HashMap<>();
        for (int i = 2 + doneCount; i + 1 < flat.size(); i += 2) {
            marks.put(parseLong((byte[]) flat.get(i)), (byte[]) flat.get(i + 1));
        }
        return new ApplicationState(committed, done, marks);
    }

    /** Closes the connection and stops Lettuce's threads; later calls fail with a {@link StorageException}. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            connection.close();
        } finally {
            shutdown(client, resources);
        }
    }

    // ---- plumbing -------------------------------------------------------------------------------

    private byte[][] keys(String clientId) {
        return ClientKeys.of(prefix, clientId);
    }

    /** Runs a writing script over the client's keys with the TTL as its first argument. */
    private CompletableFuture<Void> change(Script script, String clientId, Supplier<String> what, byte[]... args) {
        byte[][] withTtl = new byte[args.length + 1][];
        withTtl[0] = ttl;
        System.arraycopy(args, 0, withTtl, 1, args.length);
        return named(run(script, ScriptOutputType.INTEGER, keys(clientId), withTtl).thenApply(done -> null), what);
    }

    /**
     * EVALSHA, and EVAL when Redis does not know the script (restarted, failed over or flushed since
     * {@link #connect}); EVAL also caches it again for the next EVALSHA.
     */
    private <T> CompletableFuture<T> run(Script script, ScriptOutputType type, byte[][] keys, byte[]... args) {
        CompletableFuture<T> first = dispatch(() -> redis.<T>evalsha(script.sha(), type, keys, args));
        return first.exceptionallyCompose(error -> unwrap(error) instanceof RedisNoScriptException
                ? dispatch(() -> redis.<T>eval(script.source(), type, keys, args))
                : CompletableFuture.failedFuture(error));
    }

    /** Sends a command; a command Lettuce refuses at once (a closed connection) becomes a failed future, not a throw. */
    private static <T> CompletableFuture<T> dispatch(Supplier<RedisFuture<T>> command) {
        try {
            return command.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Turns a failure into a {@link StorageException} saying what failed where. */
    private <T> CompletableFuture<T> named(CompletableFuture<T> future, Supplier<String> what) {
        return future.handle((value, error) -> {
            if (error != null) {
                throw new CompletionException(failure(what, error));
            }
            return value;
        });
    }

    private <T> T await(CompletableFuture<T> future, Supplier<String> what) {
        long waitMillis = COMMAND_TIMEOUT.toMillis() + 2_000; // Lettuce's own timeout, more telling, comes first
        try {
            return future.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Redis at " + shownUri + ": interrupted while waiting to " + what.get(), e);
        } catch (ExecutionException e) {
            throw failure(what, e.getCause());
        } catch (TimeoutException e) {
            throw new StorageException("Redis at " + shownUri + ": cannot " + what.get() + ": no answer within "
                    + waitMillis + " ms", e);
        }
    }

    private StorageException failure(Supplier<String> what, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof StorageException storage) {
            return storage;
        }
        return new StorageException("Redis at " + shownUri + ": cannot " + what.get() + ": " + describe(cause), cause);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(Throwable error) {
        Throwable cause = unwrap(error);
        StringBuilder text = new StringBuilder(String.valueOf(cause.getMessage()));
        // Lettuce's connection errors say "Unable to connect to host:port"; the reason is one level down.
        if (cause.getCause() != null && cause.getCause().getMessage() != null) {
            text.append(" (").append(cause.getCause().getMessage()).append(')');
        }
        return text.toString();
    }

    private static void shutdown(RedisClient client, ClientResources resources) {
        try {
            if (client != null) {
                client.shutdown(0, 2, TimeUnit.SECONDS);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not shut the Redis client down cleanly: {}", e.toString());
        } finally {
            if (!resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS)) {
                LOG.warn("Lettuce's threads did not stop within 5 s");
            }
        }
    }

    /** The URI without its password (redis://user:secret@host becomes redis://***@host). */
    static String redact(String uri) {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }

    private static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static long parseLong(byte[] ascii) {
        return Long.parseLong(new String(ascii, StandardCharsets.US_ASCII));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A node id from a script's reply; the scripts answer '' for none. */
    private static String nodeId(byte[] reply) {
        return reply == null || reply.length == 0 ? null : new String(reply, StandardCharsets.UTF_8);
    }
}
