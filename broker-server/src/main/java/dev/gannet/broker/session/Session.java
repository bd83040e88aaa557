package dev.gannet.broker.session;

import dev.gannet.broker.config.QueueOverflowPolicy;
import dev.gannet.broker.message.Message;
import dev.gannet.broker.metrics.BrokerMetrics;
import dev.gannet.model.topic.TopicFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/**
 * The broker's side of one client id: its subscriptions, the messages waiting for it, and the
 * QoS 1/2 exchanges in flight in both directions. It outlives connections when persistent.
 *
 * <p>Threading: messages arrive from any publisher's event loop through {@link #deliver}; all
 * mutable state is guarded by this object's monitor. Writes to the client happen only on the
 * attached connection's event loop, in {@link #drainFor}, which one delivery schedules and which
 * then sends as much as the in-flight window and the socket allow, with one flush. The flush (the
 * system call that writes to the socket) comes after the monitor is released, so a publisher on
 * another event loop waits for the queue only, never for the socket. A slow reader therefore grows
 * this session's bounded queue, never the socket's buffer.
 */
public final class Session {

    private static final Logger DROPPED = LoggerFactory.getLogger("gannet.event.message-dropped");

    /** Session expiry interval meaning "never expires" (MQTT 5 0xFFFFFFFF; a 3.1.1 CleanSession=0 session). */
    public static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

    private final String clientId;
    private volatile long expiryIntervalSeconds;
    private volatile SessionLimits limits;
    private volatile ClientType clientType = ClientType.DEVICE;
    private final BrokerMetrics metrics;
    /** Where this session's stored deliveries are tracked; {@link SessionPersistence#NONE} when kept in memory only. */
    private final SessionPersistence persistence;

    /** Raw filter string to parsed filter; read by management without the monitor. */
    private final Map<String, TopicFilter> subscriptions = new ConcurrentHashMap<>();
    /** Raw filter string to the options it was granted with, for management. */
    private final Map<String, dev.gannet.broker.subscription.SubscriptionOptions> subscriptionOptions = new ConcurrentHashMap<>();

    // Guarded by this.
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    private final LinkedHashMap<Integer, InflightMessage> inflight = new LinkedHashMap<>();
    private final Set<Integer> inboundQos2 = new HashSet<>();
    private ClientChannel owner;
    private ClientChannel attached;
    private boolean drainScheduled;
    private boolean discarded;
    private boolean handedOver;
    /**
     * The ids of the latest stored deliveries, to drop a second copy of one: in a cluster an entry
     * appended while the session moves can arrive both from the store and from the routing node,
     * and such entries are always among the newest. Null (nothing checked) unless asked for by
     * {@link #dropRepeatedEntries()}: a single node never sees a copy twice.
     */
    private long[] recentEntryIds;
    private int recentNext;
    private static final int RECENT_ENTRY_IDS = 64;
    private boolean overflowReported;
    /** True while a stored QoS 2 message waits for its packet id to be durable before it is sent. */
    private boolean awaitingStore;
    private int lastPacketId;
    /** The session-expiry or delayed-will timer while the client is offline; cancelled when it returns. */
    private Future<?> offlineTimer;
    /** A will waiting for its delay to pass (MQTT 5 will delay interval), published if the session ends first. */
    private Message pendingWill;

    /** Who holds or last held this session, for management; null for a session restored after a restart. */
    private volatile ConnectionInfo connectionInfo;
    private final java.util.concurrent.atomic.AtomicLong messagesReceived = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong messagesSent = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The connection that opened a session, as management shows it.
     *
     * @param protocolVersion "3.1", "3.1.1" or "5"
     * @param connectedAt     epoch milliseconds
     */
    public record ConnectionInfo(String address, String protocolVersion, String username, long connectedAt) {
    }

    /**
     * @param expiryIntervalSeconds how long the session outlives its connection: 0 ends it with the
     *                              connection, {@link #NEVER_EXPIRES} keeps it until removed
     */
    public Session(String clientId, long expiryIntervalSeconds, SessionLimits limits, BrokerMetrics metrics,
                   SessionPersistence persistence) {
        this.clientId = clientId;
        this.expiryIntervalSeconds = expiryIntervalSeconds;
        this.limits = limits;
        this.metrics = metrics;
        this.persistence = persistence;
    }

    /** A session kept in memory only. */
    public Session(String clientId, long expiryIntervalSeconds, SessionLimits limits, BrokerMetrics metrics) {
        this(clientId, expiryIntervalSeconds, limits, metrics, SessionPersistence.NONE);
    }

    /** A 3.1.1-style session in memory only: persistent (never expires) or ending with its connection. */
    public Session(String clientId, boolean persistent, SessionLimits limits, BrokerMetrics metrics) {
        this(clientId, persistent ? NEVER_EXPIRES : 0, limits, metrics);
    }

    public ClientType clientType() {
        return clientType;
    }

    /** The current or last connection of this session; null when none has opened it since the broker started. */
    public ConnectionInfo connectionInfo() {
        return connectionInfo;
    }

    public void connectionInfo(ConnectionInfo info) {
        this.connectionInfo = info;
    }

    /** A PUBLISH from this session's client was accepted. */
    public void publishReceived() {
        messagesReceived.incrementAndGet();
    }

    /** PUBLISH packets received from this session's client since the session began. */
    public long messagesReceived() {
        return messagesReceived.get();
    }

    /** PUBLISH packets sent to this session's client since the session began (re-sends included). */
    public long messagesSent() {
        return messagesSent.get();
    }

    private void countSent(Delivery delivery) {
        messagesSent.incrementAndGet();
        metrics.publishSent(delivery.message().payload().length);
    }

    /** The connection that owns this session now, or null while the client is offline. */
    synchronized ClientChannel owner() {
        return owner;
    }

    /** The client's type and its limits, set when a connection opens the session (its credentials may change). */
    synchronized void clientType(ClientType type, SessionLimits typeLimits) {
        this.clientType = type;
        this.limits = typeLimits;
    }

    /** True when this session's QoS 1/2 deliveries are kept in the store. */
    public boolean isStored() {
        return persistence != SessionPersistence.NONE;
    }

    /** How this session's state reaches the store (a no-op for sessions kept in memory only). */
    public SessionPersistence persistence() {
        return persistence;
    }

    public String clientId() {
        return clientId;
    }

    /** True when the session outlives its connection (MQTT 3.1.1 CleanSession=0, MQTT 5 expiry above 0). */
    public boolean isPersistent() {
        return expiryIntervalSeconds > 0;
    }

    public long expiryIntervalSeconds() {
        return expiryIntervalSeconds;
    }

    /** Set at CONNECT, or changed by an MQTT 5 DISCONNECT. */
    public void expiryIntervalSeconds(long seconds) {
        this.expiryIntervalSeconds = seconds;
    }

    public synchronized boolean isConnected() {
        return attached != null;
    }

    /** True while a shared subscription may route to this session even though it is offline. */
    public boolean canQueueWhileOffline() {
        return isPersistent();
    }

    public Collection<TopicFilter> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    public int subscriptionCount() {
        return subscriptions.size();
    }

    public boolean isSubscribed(TopicFilter filter) {
        return subscriptions.containsKey(filter.raw());
    }

    void recordSubscription(TopicFilter filter, dev.gannet.broker.subscription.SubscriptionOptions options) {
        subscriptions.put(filter.raw(), filter);
        subscriptionOptions.put(filter.raw(), options);
    }

    boolean forgetSubscription(TopicFilter filter) {
        subscriptionOptions.remove(filter.raw());
        return subscriptions.remove(filter.raw()) != null;
    }

    /** The options of the subscription to {@code filter}, or null when there is none. */
    public dev.gannet.broker.subscription.SubscriptionOptions subscriptionOptions(TopicFilter filter) {
        return subscriptionOptions.get(filter.raw());
    }

    Map<String, TopicFilter> subscriptionMap() {
        return subscriptions;
    }

    public synchronized int queuedCount() {
        return queue.size();
    }

    public synchronized int inflightCount() {
        return inflight.size();
    }

    // ---- ownership ------------------------------------------------------------------------

    /**
     * Makes {@code channel} the owner (called under the registry's lock for this client id) and
     * returns the previous owner, which the caller must close: a session has one connection.
     */
    synchronized ClientChannel claim(ClientChannel channel) {
        ClientChannel previous = owner;
        owner = channel;
        attached = null;
        if (channel != null) {
            // The client is back: the session no longer expires, and a delayed will is not sent (MQTT-3.1.3-9).
            cancelOfflineTimer();
            pendingWill = null;
        }
        return previous;
    }

    synchronized void offlineTimer(Future<?> timer) {
        cancelOfflineTimer();
        offlineTimer = timer;
    }

    private void cancelOfflineTimer() {
        if (offlineTimer != null) {
            offlineTimer.cancel(false);
            offlineTimer = null;
        }
    }

    synchronized boolean isOffline() {
        return owner == null && !discarded;
    }

    synchronized void pendingWill(Message will) {
        pendingWill = will;
    }

    /** The delayed will, removed: to publish when its delay passes or the session ends. */
    synchronized Message takePendingWill() {
        Message will = pendingWill;
        pendingWill = null;
        return will;
    }

    /**
     * Starts delivery over {@code channel} once its CONNACK is written: re-sends every
     * unacknowledged PUBLISH (DUP set, same packet id) and PUBREL in their original order
     * (MQTT-4.4.0-1), then the queue, without flushing (the caller flushes, after its CONNACK).
     * False when another connection claimed the session meanwhile.
     */
    public synchronized boolean attach(ClientChannel channel) {
        if (owner != channel || discarded) {
            return false;
        }
        attached = channel;
        awaitingStore = false;
        for (InflightMessage message : inflight.values()) {
            if (message.phase() == InflightMessage.Phase.AWAITING_PUBCOMP) {
                channel.writePubrel(message.packetId());
            } else {
                channel.writePublish(message.packetId(), message.delivery(), true);
                countSent(message.delivery());
            }
        }
        drainScheduled = false;
        drainLocked();
        return true;
    }

    /** The connection {@code channel} has closed. True when it was this session's owner. */
    synchronized boolean release(ClientChannel channel) {
        if (owner != channel) {
            return false;
        }
        owner = null;
        attached = null;
        // Only QoS 1 and 2 messages are kept for an offline client (QoS 0 is "at most once").
        queue.removeIf(delivery -> delivery.qos() == 0);
        return true;
    }

    /** Drops all state: the session ends (clean session closed, or replaced by a clean start). */
    synchronized void discard() {
        discarded = true;
        cancelOfflineTimer();
        queue.clear();
        inflight.clear();
        inboundQos2.clear();
        owner = null;
        attached = null;
    }

    /**
     * Leaves this node for another node of the cluster, which holds it from now on: like
     * {@link #discard()} here, but the stored state stays and no will is published for it.
     */
    synchronized void handedOver() {
        pendingWill = null;
        handedOver = true;
        discard();
    }

    public synchronized boolean isDiscarded() {
        return discarded;
    }

    /** True once another node of the cluster took this session over. */
    public synchronized boolean isHandedOver() {
        return handedOver;
    }

    // ---- outbound -------------------------------------------------------------------------

    /**
     * Queues {@code delivery} for the client; may be called from any thread. An offline session
     * keeps QoS 1/2 messages if it is persistent and drops the rest.
     */
    public void deliver(Delivery delivery) {
        ClientChannel toSchedule = null;
        synchronized (this) {
            if (discarded) {
                return;
            }
            if (attached == null && (!isPersistent() || delivery.qos() == 0)) {
                return;
            }
            if (delivery.isStored() && !rememberEntry(delivery.entryId())) {
                return; // a copy of a stored entry this session already has
            }
            dropTooOld(System.currentTimeMillis());
            if (queue.size() >= limits.maxQueuedMessages()) {
                metrics.droppedQueueFull(clientType);
                if (!overflowReported) {
                    overflowReported = true;
                    DROPPED.info("Queue of client {} is full ({} messages); applying {}", clientId,
                            limits.maxQueuedMessages(), limits.overflow());
                }
                if (limits.overflow() == QueueOverflowPolicy.DROP_NEWEST) {
                    persistence.done(delivery);
                    return;
                }
                persistence.done(queue.pollFirst());
            }
            queue.addLast(delivery);
            if (attached != null && !drainScheduled) {
                drainScheduled = true;
                toSchedule = attached;
            }
        }
        if (toSchedule != null) {
            scheduleDrain(toSchedule);
        }
    }

    /** Runs {@link #drainFor} on {@code channel}'s event loop; called outside the monitor. */
    private void scheduleDrain(ClientChannel channel) {
        channel.executor().execute(() -> drainFor(channel));
    }

    /**
     * Sends what the window and the socket allow, if {@code channel} is still the attached
     * connection (a connection taken over must not drain into its successor). Called on
     * {@code channel}'s event loop, for instance when its socket becomes writable again.
     */
    public void drainFor(ClientChannel channel) {
        synchronized (this) {
            if (attached != channel) {
                return;
            }
            drainScheduled = false;
            if (!drainLocked()) {
                return;
            }
        }
        channel.flush();
    }

    /**
     * Writes what the window and the socket allow to the attached connection, without flushing.
     * Guarded by this.
     *
     * @return true when something was written, which the caller flushes once it has left the monitor
     */
    private boolean drainLocked() {
        ClientChannel channel = attached;
        if (channel == null) {
            return false;
        }
        boolean wrote = false;
        // The client's receive maximum (MQTT 5) can only lower the configured window.
        int window = Math.min(limits.maxInflight(), channel.receiveMaximum());
        long now = System.currentTimeMillis();
        while (!queue.isEmpty() && channel.isWritable() && !awaitingStore) {
            Delivery next = queue.peekFirst();
            if (next.message().isExpired(now) || limits.isTooOld(next.message(), now)) {
                persistence.done(queue.pollFirst());
                metrics.droppedExpired();
                continue;
            }
            if (!channel.canReceive(next)) {
                // Larger than the client's maximum packet size: dropped for this client only (MQTT-3.1.2-25).
                persistence.done(queue.pollFirst());
                metrics.droppedTooLarge();
                continue;
            }
            if (next.qos() > 0 && inflight.size() >= window) {
                break;
            }
            queue.pollFirst();
            int packetId = 0;
            if (next.qos() > 0) {
                packetId = nextPacketId();
                InflightMessage.Phase phase = next.qos() == 1
                        ? InflightMessage.Phase.AWAITING_PUBACK : InflightMessage.Phase.AWAITING_PUBREC;
                inflight.put(packetId, new InflightMessage(packetId, next, phase));
                if (next.isStored() && next.qos() == 2) {
                    // Exactly once across a restart needs the packet id on disk before the client sees it:
                    // a restarted broker then re-sends the same id, which the client recognises.
                    awaitingStore = true;
                    int id = packetId;
                    persistence.sent(next, packetId).whenComplete((ok, error) ->
                            channel.executor().execute(() -> storedThenSend(channel, id)));
                    break;
                }
                persistence.sent(next, packetId);
            }
            channel.writePublish(packetId, next, false);
            countSent(next);
            wrote = true;
        }
        if (queue.size() < limits.maxQueuedMessages()) {
            overflowReported = false;
        }
        return wrote;
    }

    /** The packet id of a stored QoS 2 message is durable: send it, then carry on draining. */
    private void storedThenSend(ClientChannel channel, int packetId) {
        synchronized (this) {
            if (attached != channel || !awaitingStore) {
                return; // the client went away meanwhile; attach() re-sends what is in flight
            }
            awaitingStore = false;
            InflightMessage message = inflight.get(packetId);
            if (message != null && message.phase() == InflightMessage.Phase.AWAITING_PUBREC) {
                channel.writePublish(packetId, message.delivery(), false);
                countSent(message.delivery());
            }
            drainLocked();
        }
        channel.flush();
    }

    /** Drops queued messages older than the client type allows, oldest first (they are at the head). */
    private void dropTooOld(long now) {
        while (!queue.isEmpty() && limits.isTooOld(queue.peekFirst().message(), now)) {
            persistence.done(queue.pollFirst());
            metrics.droppedExpired();
        }
    }

    private int nextPacketId() {
        do {
            lastPacketId = lastPacketId == 65_535 ? 1 : lastPacketId + 1;
        } while (inflight.containsKey(lastPacketId));
        return lastPacketId;
    }

    /**
     * PUBACK, received over {@code from}: the QoS 1 exchange {@code packetId} is complete. False
     * when no such exchange was open.
     */
    public boolean acknowledged(ClientChannel from, int packetId) {
        return finish(from, packetId, InflightMessage.Phase.AWAITING_PUBACK);
    }

    /**
     * Ends the exchange {@code packetId} if it is in {@code phase}, freeing its window slot for the
     * queue, and sends what the slot lets through: at once when the acknowledgement came over the
     * attached connection (on its event loop), else from a drain scheduled on the attached
     * connection's event loop. (A connection that was taken over can still hand in a late
     * acknowledgement; writing to its successor from the wrong event loop could reorder messages.)
     */
    private boolean finish(ClientChannel from, int packetId, InflightMessage.Phase phase) {
        ClientChannel toFlush = null;
        ClientChannel toSchedule = null;
        synchronized (this) {
            InflightMessage message = inflight.get(packetId);
            if (message == null || message.phase() != phase) {
                return false;
            }
            inflight.remove(packetId);
            persistence.done(message.delivery());
            if (attached == from) {
                toFlush = drainLocked() ? attached : null;
            } else if (attached != null && !drainScheduled) {
                drainScheduled = true;
                toSchedule = attached;
            }
        }
        if (toFlush != null) {
            toFlush.flush();
        }
        if (toSchedule != null) {
            scheduleDrain(toSchedule);
        }
        return true;
    }

    /** PUBREC: the client has the QoS 2 message; the caller sends PUBREL. False when unknown. */
    public synchronized boolean received(int packetId) {
        InflightMessage message = inflight.get(packetId);
        if (message == null) {
            return false;
        }
        if (message.phase() == InflightMessage.Phase.AWAITING_PUBREC) {
            inflight.put(packetId, message.withPhase(InflightMessage.Phase.AWAITING_PUBCOMP));
            persistence.released(message.delivery());
        }
        return message.phase() != InflightMessage.Phase.AWAITING_PUBACK;
    }

    /** An MQTT 5 PUBREC with an error code: the client refused the QoS 2 message; the exchange ends. */
    public boolean abandoned(ClientChannel from, int packetId) {
        return finish(from, packetId, InflightMessage.Phase.AWAITING_PUBREC);
    }

    /** PUBCOMP: the QoS 2 exchange {@code packetId} is complete. False when unknown. */
    public boolean completed(ClientChannel from, int packetId) {
        return finish(from, packetId, InflightMessage.Phase.AWAITING_PUBCOMP);
    }

    /** Packet ids of messages in flight to the client, in send order (for inspection). */
    public synchronized List<Integer> inflightPacketIds() {
        return new ArrayList<>(inflight.keySet());
    }

    // ---- inbound QoS 2 --------------------------------------------------------------------

    /**
     * A QoS 2 PUBLISH with {@code packetId} arrived. True when it is new and must be routed;
     * false for a re-send of one already routed and not yet released (the broker delivers a
     * QoS 2 message once, on first receipt, and remembers the id until PUBREL).
     */
    public synchronized boolean inboundQos2Arrived(int packetId) {
        return inboundQos2.add(packetId);
    }

    public synchronized boolean hasInboundQos2(int packetId) {
        return inboundQos2.contains(packetId);
    }

    /** QoS 2 messages from the client that await its PUBREL (bounded by the receive maximum). */
    public synchronized int inboundQos2Count() {
        return inboundQos2.size();
    }

    /** PUBREL: forget {@code packetId}. False when it was not pending. */
    public synchronized boolean inboundQos2Released(int packetId) {
        return inboundQos2.remove(packetId);
    }

    /**
     * Puts a recovered delivery back: in flight with its packet id (re-sent with DUP on attach; in
     * the PUBREL phase when {@code released}), or queued when {@code packetId} is 0.
     */
    synchronized void restore(Delivery delivery, int packetId, boolean released) {
        if (delivery.isStored() && !rememberEntry(delivery.entryId())) {
            return;
        }
        if (packetId == 0) {
            queue.addLast(delivery);
            return;
        }
        InflightMessage.Phase phase = delivery.qos() == 1 ? InflightMessage.Phase.AWAITING_PUBACK
                : released ? InflightMessage.Phase.AWAITING_PUBCOMP : InflightMessage.Phase.AWAITING_PUBREC;
        inflight.put(packetId, new InflightMessage(packetId, delivery, phase));
        lastPacketId = Math.max(lastPacketId, packetId);
    }

    /** False when {@code entryId} was seen lately; remembers it otherwise. Guarded by this. */
    private boolean rememberEntry(long entryId) {
        if (recentEntryIds == null) {
            return true;
        }
        for (long seen : recentEntryIds) {
            if (seen == entryId) {
                return false;
            }
        }
        recentEntryIds[recentNext] = entryId;
        recentNext = (recentNext + 1) % RECENT_ENTRY_IDS;
        return true;
    }

    /** From now on, a stored entry delivered again shortly after is dropped (see {@link #recentEntryIds}). */
    synchronized void dropRepeatedEntries() {
        if (recentEntryIds == null) {
            recentEntryIds = new long[RECENT_ENTRY_IDS]; // entry ids are never 0: an empty slot matches nothing
        }
    }

    synchronized void restoreInboundQos2(int packetId) {
        inboundQos2.add(packetId);
    }

    /** The deliveries waiting in the queue, oldest first (for inspection). */
    public synchronized List<Delivery> queuedSnapshot() {
        return new ArrayList<>(queue);
    }

    @Override
    public String toString() {
        return "Session[" + clientId + ", expiry " + expiryIntervalSeconds + "s]";
    }
}
