package dev.gannet.broker.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gannet.broker.cluster.kafka.CompactedTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Which nodes make up the cluster, and which of them are alive: every node writes a heartbeat to
 * the compacted {@code nodes} topic each second and reads everybody else's. A node whose last
 * heartbeat is older than {@code cluster.node-timeout-ms} is taken for dead; a node that stops
 * cleanly removes its entry.
 */
public final class Membership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("gannet.event.cluster");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String nodeId;
    private final long timeoutMs;
    private final CompactedTopic topic;
    private final Supplier<NodeHeartbeat> heartbeat;
    private final Map<String, NodeHeartbeat> nodes = new ConcurrentHashMap<>();
    /** True while the topic is replayed at start. */
    private volatile boolean replaying = true;
    /** Nodes seen alive at the last check, to log joins and losses once. */
    private final Map<String, Boolean> lastAlive = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "gannet-cluster-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Consumer<String> onJoin = id -> { };
    private volatile Consumer<String> onDeath = id -> { };
    /** When each node's latest heartbeat arrived here, by this node's clock: liveness must not trust other clocks. */
    private final Map<String, Long> receivedAt = new ConcurrentHashMap<>();

    /**
     * @param heartbeat builds this node's current heartbeat (figures change between beats)
     */
    public Membership(String bootstrapServers, String topicName, String nodeId, long timeoutMs, Supplier<NodeHeartbeat> heartbeat) {
        this.nodeId = nodeId;
        this.timeoutMs = timeoutMs;
        this.heartbeat = heartbeat;
        this.topic = new CompactedTopic(bootstrapServers, topicName, "gannet-" + nodeId + "-nodes", this::changed);
    }

    /** Called (on the heartbeat thread) with the id of each other node that stops beating. */
    public void onDeath(Consumer<String> listener) {
        this.onDeath = listener;
    }

    /** Called with the id of each node that appears alive, this one included. */
    public void onJoin(Consumer<String> listener) {
        this.onJoin = listener;
    }

    /** Reads the nodes known so far, announces this one, and starts beating. */
    public void start(Duration timeout) {
        topic.start(timeout);
        replaying = false;
        NodeHeartbeat previous = nodes.get(nodeId);
        if (previous != null && System.currentTimeMillis() - previous.heartbeatAt() < timeoutMs) {
            LOG.warn("Node id {} has a heartbeat {} ms old: is another node running with the same cluster.node-id?",
                    nodeId, System.currentTimeMillis() - previous.heartbeatAt());
        }
        beat().join();
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void tick() {
        try {
            beat();
            long now = System.currentTimeMillis();
            for (NodeHeartbeat node : nodes.values()) {
                boolean alive = isFresh(node, now);
                Boolean before = lastAlive.put(node.nodeId(), alive);
                if (before != null && before && !alive) {
                    LOG.warn("Node {} stopped beating: no heartbeat for {} ms", node.nodeId(), silenceMs(node.nodeId()));
                    onDeath.accept(node.nodeId());
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Cluster heartbeat failed", e);
        }
    }

    private java.util.concurrent.CompletableFuture<Void> beat() {
        try {
            return topic.put(nodeId, JSON.writeValueAsBytes(heartbeat.get()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void changed(String key, byte[] value) {
        if (value == null) {
            NodeHeartbeat gone = nodes.remove(key);
            lastAlive.remove(key);
            receivedAt.remove(key);
            if (gone != null && !key.equals(nodeId)) {
                LOG.info("Node {} left the cluster", key);
            }
            return;
        }
        try {
            NodeHeartbeat beat = JSON.readValue(value, NodeHeartbeat.class);
            // A live heartbeat counts from its arrival here; one replayed at start is old news, and only
            // its writer's clock says how old.
            long now = System.currentTimeMillis();
            receivedAt.put(key, replaying ? Math.min(now, beat.heartbeatAt()) : now);
            NodeHeartbeat before = nodes.put(key, beat);
            boolean wasAlive = Boolean.TRUE.equals(lastAlive.get(key));
            if (isFresh(beat, System.currentTimeMillis())
                    && (!wasAlive || before == null || before.startedAt() != beat.startedAt())) {
                if (!key.equals(nodeId) && !replaying) {
                    LOG.info("Node {} joined the cluster ({})", key, beat.listeners().values());
                }
                lastAlive.put(key, true);
                onJoin.accept(key);
            }
        } catch (IOException e) {
            LOG.warn("Ignoring an unreadable heartbeat of node {}: {}", key, e.getMessage());
        }
    }

    private boolean isFresh(NodeHeartbeat beat, long now) {
        Long at = receivedAt.get(beat.nodeId());
        return at != null && now - at < timeoutMs;
    }

    /** True when {@code id} is the alive node whose id sorts first: the one that cleans up after dead nodes. */
    public boolean isLowestAlive(String id) {
        long now = System.currentTimeMillis();
        return nodes.values().stream().filter(b -> isFresh(b, now) || b.nodeId().equals(nodeId)).map(NodeHeartbeat::nodeId)
                .sorted().findFirst().map(id::equals).orElse(false);
    }

    /** True while {@code id}'s last heartbeat is recent; this node is always alive to itself. */
    public boolean isAlive(String id) {
        if (id.equals(nodeId)) {
            return true;
        }
        NodeHeartbeat beat = nodes.get(id);
        return beat != null && isFresh(beat, System.currentTimeMillis());
    }

    /**
     * Milliseconds since {@code id}'s last heartbeat was written (by its clock), or
     * {@link Long#MAX_VALUE} when it has none: with beats every second, a few seconds of silence
     * say more than the full timeout when a node is waited on.
     */
    public long silenceMs(String id) {
        Long at = receivedAt.get(id);
        return at == null ? Long.MAX_VALUE : Math.max(0, System.currentTimeMillis() - at);
    }

    /** Every node that has a heartbeat on record, alive or not, this one included. */
    public Collection<NodeHeartbeat> nodes() {
        return List.copyOf(nodes.values());
    }

    /** The other nodes, alive or not. */
    public List<NodeHeartbeat> peers() {
        List<NodeHeartbeat> peers = new ArrayList<>();
        for (NodeHeartbeat beat : nodes.values()) {
            if (!beat.nodeId().equals(nodeId)) {
                peers.add(beat);
            }
        }
        return peers;
    }

    public Optional<NodeHeartbeat> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    /** Stops beating and removes this node's entry: the others see it leave at once instead of timing out. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            topic.put(nodeId, null).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Could not announce that node {} leaves: {}", nodeId, e.toString());
        }
        topic.close();
    }
}
