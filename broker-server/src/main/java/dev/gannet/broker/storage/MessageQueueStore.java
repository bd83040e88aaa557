package dev.gannet.broker.storage;

import dev.gannet.broker.message.Message;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The messages persistent sessions have not yet completely received, and the QoS 2 packet ids
 * they sent that await PUBREL. A message queued for several clients is stored once.
 */
public interface MessageQueueStore {

    /** An id for a new queue entry, unique across restarts of this store. */
    long newEntryId();

    /** Queues {@code message} for every target; durable as one change. */
    CompletableFuture<Void> enqueue(Message message, List<QueueTarget> targets);

    /** The entry was sent with {@code packetId} and awaits PUBACK or PUBREC. */
    CompletableFuture<Void> markInFlight(String clientId, long entryId, int packetId);

    /** A QoS 2 entry got its PUBREC: it awaits PUBCOMP (PUBREL phase). */
    CompletableFuture<Void> markReleased(String clientId, long entryId);

    /** The entry is done: acknowledged, expired or dropped. */
    CompletableFuture<Void> remove(String clientId, long entryId);

    CompletableFuture<Void> rememberInbound(String clientId, int packetId);

    CompletableFuture<Void> forgetInbound(String clientId, int packetId);

    /** The client's entries, oldest first. */
    List<StoredEntry> entries(String clientId);

    /** QoS 2 packet ids the client sent that await its PUBREL. */
    Set<Integer> inbound(String clientId);
}
