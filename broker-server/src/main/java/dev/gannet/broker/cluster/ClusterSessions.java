package dev.gannet.broker.cluster;

import dev.gannet.broker.session.ClientType;
import dev.gannet.broker.session.Delivery;
import dev.gannet.broker.session.Session;
import dev.gannet.broker.session.SessionCluster;
import dev.gannet.broker.session.SessionRegistry;
import dev.gannet.broker.storage.StorageException;
import dev.gannet.broker.storage.StoredEntry;
import dev.gannet.broker.storage.StoredSession;
import dev.gannet.broker.storage.StoredSubscription;
import dev.gannet.broker.storage.cluster.ClusterSession;
import dev.gannet.broker.storage.cluster.KafkaSessionDirectory;
import dev.gannet.broker.storage.cluster.ClusterQueues;
import dev.gannet.broker.subscription.SubscriptionOptions;
import dev.gannet.model.topic.TopicFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sessions across the nodes of a cluster: tells the directory who holds which session, takes a
 * session over from the node that holds it when its client connects here, and hands this node's
 * sessions the deliveries other nodes route to them.
 */
final class ClusterSessions implements SessionCluster {

    private static final Logger LOG = LoggerFactory.getLogger("gannet.event.cluster");

    private final String nodeId;
    private final SessionRegistry sessions;
    private final KafkaSessionDirectory directory;
    private final ClusterQueues queues;
    private final Membership membership;
    private final ClusterRouter.Dispatcher dispatcher;
    private final long timeoutMs;
    /** Runs the takeovers: they wait on other nodes, never on a network thread. */
    private final ExecutorService worker;
    private final Map<String, CompletableFuture<Void>> takeovers = new ConcurrentHashMap<>();
    /** Three missed heartbeats: the holder is taken for dead without waiting for the full node timeout. */
    private static final long SILENT_NODE_MS = 3_000;
    /** The longest a CONNECT waits for the old holder; below the default connect timeout (10 s). */
    private static final long MAX_TAKEOVER_WAIT_MS = 5_000;

    ClusterSessions(String nodeId, SessionRegistry sessions, KafkaSessionDirectory directory, ClusterQueues queues,
                    Membership membership, ClusterRouter.Dispatcher dispatcher, long timeoutMs, ExecutorService worker) {
        this.nodeId = nodeId;
        this.sessions = sessions;
        this.directory = directory;
        this.queues = queues;
        this.membership = membership;
        this.dispatcher = dispatcher;
        this.timeoutMs = timeoutMs;
        this.worker = worker;
    }

    @Override
    public CompletableFuture<Void> beforeOpen(String clientId, boolean cleanStart, long expiryIntervalSeconds, ClientType type) {
        return CompletableFuture.runAsync(() -> takeOver(clientId, cleanStart, expiryIntervalSeconds), worker);
    }

    /**
     * Makes this node the only holder of {@code clientId}'s session: the node that holds it closes
     * its connection and lets it go; a resumed persistent session is restored here from the
     * directory and its Redis queue.
     */
    private void takeOver(String clientId, boolean cleanStart, long expiryIntervalSeconds) {
        directory.awaitCaughtUp(Duration.ofMillis(timeoutMs));
        Optional<ClusterSession> known = directory.get(clientId);
        String holder = known.map(ClusterSession::nodeId).orElse(null);
        if (holder != null && !holder.equals(nodeId)) {
            askToLetGo(clientId, holder, cleanStart);
            // A copy left here from before the session moved away (this node was cut off then) is stale.
            sessions.evict(clientId, false);
        }
        boolean storedElsewhere = known.isPresent() && known.get().expiryIntervalSeconds() > 0 && sessions.get(clientId) == null;
        if (storedElsewhere && cleanStart) {
            // The old session ends here and now, with its queue: the new one starts empty.
            wait(directory.removeSession(clientId), "remove the old session of " + clientId);
        } else if (storedElsewhere) {
            restore(known.get());
            // Held here from now on, even if this CONNECT fails: its expiry timer runs here, and a later
            // connection elsewhere must ask this node to let go.
            wait(directory.claim(clientId, nodeId, known.get().clientType(), known.get().expiryIntervalSeconds()),
                    "record that this node holds " + clientId);
        }
        if (expiryIntervalSeconds > 0) {
            // Routing nodes send this client's stored messages to the queue's owner: this node, from now on.
            wait(queues.claimOwner(clientId, nodeId), "claim the queue of " + clientId);
        }
    }

    private void askToLetGo(String clientId, String holder, boolean cleanStart) {
        if (!membership.isAlive(holder)) {
            LOG.info("Taking over client {} from node {}, which is not alive", clientId, holder);
            return;
        }
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Void> answered = new CompletableFuture<>();
        takeovers.put(requestId, answered);
        long deadline = System.currentTimeMillis() + Math.min(timeoutMs, MAX_TAKEOVER_WAIT_MS);
        try {
            dispatcher.send(holder, new DownlinkCommand.TakeOver(clientId, requestId, nodeId, cleanStart));
            // A live node answers within milliseconds; one that stopped beating is not waited for to the end,
            // so that the client's CONNECT does not time out first.
            while (true) {
                try {
                    answered.get(250, TimeUnit.MILLISECONDS);
                    LOG.info("Took client {} over from node {}", clientId, holder);
                    return;
                } catch (TimeoutException e) {
                    long silence = membership.silenceMs(holder);
                    if (silence > SILENT_NODE_MS || System.currentTimeMillis() > deadline) {
                        LOG.warn("Node {} did not let go of client {} (silent for {} ms); taking it over anyway", holder,
                                clientId, silence);
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while taking over client " + clientId, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new StorageException("could not ask node " + holder + " to let go of client " + clientId, e.getCause());
        } finally {
            takeovers.remove(requestId);
        }
    }

    /** Rebuilds a persistent session held elsewhere until now, with its subscriptions and its queue. */
    private void restore(ClusterSession known) {
        String clientId = known.clientId();
        // Claim first: from here on every append names this node, so nothing falls between the load and the claim.
        wait(queues.claimOwner(clientId, nodeId), "claim the queue of " + clientId);
        List<StoredEntry> entries = queues.entries(clientId);
        Set<Integer> inbound = queues.inbound(clientId);
        Session session = sessions.restore(new StoredSession(clientId, known.expiryIntervalSeconds(), known.subscriptions()),
                entries, inbound, true);
        // An append between the claim and the restore sent its delivery here before the session was: read once more.
        Set<Long> loaded = new HashSet<>();
        entries.forEach(e -> loaded.add(e.entryId()));
        for (StoredEntry e : queues.entries(clientId)) {
            if (!loaded.contains(e.entryId()) && !e.inFlight()) {
                session.deliver(new Delivery(e.message(), e.qos(), e.retain(), e.subscriptionIdentifiers(), e.entryId()));
            }
        }
        LOG.info("Restored the session of client {} with {} subscriptions and {} stored messages", clientId,
                known.subscriptions().size(), entries.size());
    }

    private void wait(CompletableFuture<?> future, String what) {
        try {
            future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted: " + what, e);
        } catch (Exception e) {
            throw new StorageException("could not " + what + ": " + e, e);
        }
    }

    @Override
    public CompletableFuture<Void> opened(Session session) {
        String clientId = session.clientId();
        // Claimed again here, after a local clean start may have deleted the old session's keys (the
        // owner with them): the same Redis connection runs the two in the order they were issued.
        CompletableFuture<?> owner = session.isStored() ? queues.claimOwner(clientId, nodeId) : DONE;
        // The record lists what this session holds, not what an older session of the id left behind.
        CompletableFuture<Void> claimed = directory.claim(clientId, nodeId, session.clientType().name(),
                session.expiryIntervalSeconds(), subscriptions(session));
        return CompletableFuture.allOf(owner, claimed);
    }

    @Override
    public CompletableFuture<Void> subscriptionsChanged(Session session) {
        return directory.saveSubscriptions(session.clientId(), subscriptions(session));
    }

    private static List<StoredSubscription> subscriptions(Session session) {
        List<StoredSubscription> subscriptions = new ArrayList<>();
        for (TopicFilter filter : session.subscriptions()) {
            SubscriptionOptions o = session.subscriptionOptions(filter);
            if (o != null) {
                subscriptions.add(o.stored(filter.raw()));
            }
        }
        return subscriptions;
    }

    @Override
    public void closed(Session session) {
        if (!session.isHandedOver()) {
            directory.disconnected(session.clientId(), nodeId);
        }
    }

    @Override
    public boolean holds(String clientId) {
        String holder = directory.get(clientId).map(ClusterSession::nodeId).orElse(null);
        return holder == null || holder.equals(nodeId);
    }

    /** A command from this node's downlink (or from this node itself). */
    void handle(DownlinkCommand command) {
        if (command instanceof DownlinkCommand.Deliver d) {
            Session session = sessions.get(d.clientId());
            if (session != null) {
                session.deliver(new Delivery(d.message(), d.qos(), d.retain(), d.subscriptionIdentifiers(), d.entryId()));
            }
            // Not here (any more): a stored copy waits in Redis for whoever holds the session next.
        } else if (command instanceof DownlinkCommand.TakeOver t) {
            boolean held = sessions.evict(t.clientId(), t.cleanStart());
            if (held) {
                LOG.info("Client {} moved to node {}; its session left this node", t.clientId(), t.requester());
            }
            dispatcher.send(t.requester(), new DownlinkCommand.TakenOver(t.clientId(), t.requestId()));
        } else if (command instanceof DownlinkCommand.TakenOver t) {
            CompletableFuture<Void> waiting = takeovers.get(t.requestId());
            if (waiting != null) {
                waiting.complete(null);
            }
        }
    }
}
