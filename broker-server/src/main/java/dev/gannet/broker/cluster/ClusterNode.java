package dev.gannet.broker.cluster;

import dev.gannet.broker.cluster.kafka.KafkaTopics;
import dev.gannet.broker.cluster.kafka.TopicTail;
import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.retain.RetainedMessages;
import dev.gannet.broker.routing.PublishRouter;
import dev.gannet.broker.session.SessionRegistry;
import dev.gannet.broker.storage.StorageException;
import dev.gannet.broker.storage.cluster.ClusterQueues;
import dev.gannet.broker.storage.cluster.ClusterStore;
import dev.gannet.broker.storage.cluster.KafkaApplicationQueueStore;
import dev.gannet.broker.storage.cluster.KafkaRetainedStore;
import dev.gannet.broker.storage.cluster.KafkaSessionDirectory;
import dev.gannet.broker.storage.cluster.RedisQueueStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One node of a cluster: its connections to Kafka and Redis, the shared state it replays, and the
 * paths between it and the other nodes (publish log, downlinks, events, heartbeats). Built in two
 * steps, because the broker's parts need the store before the node can join:
 * {@link #open} connects and replays the state; {@link #join} starts serving.
 */
public final class ClusterNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("gannet.event.cluster");
    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(60);
    private static final String CREDENTIALS_CHANGED = "credentials";
    private static final String BLOCKED_CLIENTS_CHANGED = "blocked-clients";

    private final BrokerConfig.ClusterConfig config;
    private final String nodeId;
    private final KafkaTopics topics;
    private final KafkaProducer<String, byte[]> producer;
    private final ClusterStore store;
    private final SubscriptionIndex index;
    private final ExecutorService worker;
    private PublishLog publishLog;
    private Membership membership;
    private ClusterSessions sessions;
    private TopicTail downlink;
    private TopicTail events;
    private ExecutorService dispatchThread;
    /** Expiry timers of sessions whose holder died (see {@link #expireOrphanLater}). */
    private final java.util.concurrent.ScheduledExecutorService orphans = Executors.newSingleThreadScheduledExecutor(
            new io.netty.util.concurrent.DefaultThreadFactory("gannet-cluster-orphans", true));
    private volatile Runnable onCredentialsChanged = () -> { };
    private volatile Runnable onBlockedClientsChanged = () -> { };

    private ClusterNode(BrokerConfig.ClusterConfig config, KafkaTopics topics, KafkaProducer<String, byte[]> producer,
                        ClusterStore store, SubscriptionIndex index, ExecutorService worker) {
        this.index = index;
        this.config = config;
        this.nodeId = config.nodeId();
        this.topics = topics;
        this.producer = producer;
        this.store = store;
        this.worker = worker;
    }

    /**
     * Connects to Kafka and Redis, creates or checks the topics, and replays the session directory
     * and the retained messages (the latter into {@code retained}, which then follows other nodes' changes).
     */
    public static ClusterNode open(BrokerConfig broker, RetainedMessages retained) {
        BrokerConfig.ClusterConfig config = broker.cluster();
        String bootstrap = config.kafkaBootstrap();
        KafkaTopics topics;
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "gannet-" + config.nodeId() + "-admin");
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(adminProps)) {
            topics = new KafkaTopics(admin, config.topicPrefix(), config.replicationFactor());
            topics.ensureClusterTopics(config.publishPartitions());
            topics.ensureDownlink(config.nodeId());
        } catch (RuntimeException e) {
            if (e instanceof dev.gannet.broker.config.ConfigException) {
                throw e;
            }
            throw new StorageException("Cannot prepare the Kafka topics at " + bootstrap
                    + " (cluster.kafka.bootstrap-servers): " + e.getMessage(), e);
        }
        KafkaProducer<String, byte[]> producer = producer(bootstrap, config.nodeId());
        // Takeovers wait on other nodes (a few milliseconds, seconds when one died): bounded, so that a
        // reconnect storm after a node's death queues instead of starting thousands of threads.
        ExecutorService worker = Executors.newFixedThreadPool(16, new io.netty.util.concurrent.DefaultThreadFactory("gannet-cluster", true));
        RedisQueueStore queues = null;
        ClusterQueues typed = null;
        KafkaSessionDirectory directory = null;
        try {
            // Redis enforces the queue cap itself where no node holds the session (its client is away).
            // No key expiry: the owner key must live as long as the session, which ends (and deletes
            // its keys) on the node holding it.
            queues = RedisQueueStore.connect(config.redisUri(), redisPrefix(config.topicPrefix()),
                    new RedisQueueStore.Limits(broker.session().device().maxQueuedMessages(), 0));
            KafkaApplicationQueueStore applications = new KafkaApplicationQueueStore(new KafkaApplicationQueueStore.Settings(
                    bootstrap, config.topicPrefix(), config.replicationFactor(),
                    broker.session().application().maxMessageAgeSeconds(), "gannet-" + config.nodeId()), producer, queues);
            SubscriptionIndex index = new SubscriptionIndex();
            KafkaSessionDirectory[] directoryRef = new KafkaSessionDirectory[1];
            typed = new ClusterQueues(queues, applications, clientId -> directoryRef[0] != null
                    && directoryRef[0].get(clientId).map(s -> "APPLICATION".equals(s.clientType())).orElse(false));
            ClusterQueues typedQueues = typed;
            directory = new KafkaSessionDirectory(bootstrap, topics.sessions(), "gannet-" + config.nodeId() + "-sessions",
                    REPLAY_TIMEOUT, typedQueues::deleteClient, change -> index.changed(change.clientId(), change.current()));
            directoryRef[0] = directory;
            KafkaRetainedStore retainedStore = new KafkaRetainedStore(bootstrap, topics.retained(),
                    "gannet-" + config.nodeId() + "-retained", REPLAY_TIMEOUT, (topic, message) -> {
                        if (message == null) {
                            retained.remove(topic);
                        } else {
                            retained.apply(message);
                        }
                    });
            return new ClusterNode(config, topics, producer, new ClusterStore(directory, typed, retainedStore), index, worker);
        } catch (RuntimeException e) {
            if (directory != null) {
                directory.close();
            }
            if (typed != null) {
                typed.close();
            } else if (queues != null) {
                queues.close();
            }
            producer.close(Duration.ofSeconds(2));
            worker.shutdownNow();
            throw e;
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap, String nodeId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "gannet-" + nodeId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        // send() may wait this long for topic metadata: it runs on network threads, so keep it short
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        // Room for the largest MQTT packet a cluster accepts, with its envelope (see KafkaTopics.MAX_RECORD_BYTES).
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(KafkaTopics.MAX_RECORD_BYTES));
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Redis keys start with the topic prefix without its trailing separator ("gannet." gives "gannet"). */
    private static String redisPrefix(String topicPrefix) {
        String prefix = topicPrefix.endsWith(".") || topicPrefix.endsWith("-") || topicPrefix.endsWith("_")
                ? topicPrefix.substring(0, topicPrefix.length() - 1) : topicPrefix;
        return prefix.isEmpty() ? "gannet" : prefix;
    }

    public ClusterStore store() {
        return store;
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * Starts serving: announces this node, takes a share of the publish log to route, follows its
     * downlink and the cluster's events, and sends what this node accepts to the publish log.
     *
     * @param heartbeat this node's figures for the others, built each second
     */
    public void join(SessionRegistry registry, PublishRouter router, Supplier<NodeHeartbeat> heartbeat,
                     Runnable credentialsChanged, Runnable blockedClientsChanged) {
        this.onCredentialsChanged = credentialsChanged;
        this.onBlockedClientsChanged = blockedClientsChanged;
        membership = new Membership(config.kafkaBootstrap(), topics.nodes(), nodeId, config.nodeTimeoutMs(), heartbeat);
        membership.onDeath(this::sweep);
        membership.start(REPLAY_TIMEOUT);
        sweep(nodeId); // what an earlier run of this node left when it died: nothing is held here yet
        for (NodeHeartbeat node : membership.nodes()) {
            if (!membership.isAlive(node.nodeId())) {
                sweep(node.nodeId()); // died while no node was there to see it
            }
        }
        ClusterRouter.Dispatcher dispatcher = this::send;
        sessions = new ClusterSessions(nodeId, registry, store.directory(), store.clusterQueues(), membership, dispatcher,
                config.nodeTimeoutMs(), worker);
        registry.cluster(sessions);
        downlink = new TopicTail(config.kafkaBootstrap(), topics.downlink(nodeId), "gannet-" + nodeId + "-downlink",
                (key, value) -> {
                    try {
                        sessions.handle(DownlinkCommand.decode(value));
                    } catch (IOException e) {
                        LOG.warn("Ignoring an unreadable command on {}: {}", topics.downlink(nodeId), e.getMessage());
                    }
                }).start();
        events = new TopicTail(config.kafkaBootstrap(), topics.events(), "gannet-" + nodeId + "-events", this::event).start();
        dispatchThread = Executors.newSingleThreadExecutor(new io.netty.util.concurrent.DefaultThreadFactory("gannet-cluster-dispatch", true));
        ClusterRouter clusterRouter = new ClusterRouter(index, store.directory()::get, store.clusterQueues(), dispatcher,
                membership::isAlive, dispatchThread);
        producer.partitionsFor(topics.publish()); // metadata now, so that the first PUBLISH does not wait for it
        publishLog = new PublishLog(producer, config.kafkaBootstrap(), topics.publish(), config.topicPrefix() + "routers",
                "gannet-" + nodeId + "-router", Math.max(6_000, config.nodeTimeoutMs())); // 6 s: Kafka's default minimum
        publishLog.startRouting(() -> store.directory().awaitCaughtUp(Duration.ofMillis(config.nodeTimeoutMs())), clusterRouter::route);
        router.forwardTo(publishLog::append);
        LOG.info("Node {} joined the cluster: Kafka {}, topics {}*, Redis {}", nodeId, config.kafkaBootstrap(),
                config.topicPrefix(), config.redisUri().replaceAll("//[^@/]*@", "//***@"));
    }

    /**
     * Cleans the directory of a node that died (or of this node's earlier run): its non-persistent
     * sessions end, its persistent ones become offline, so that nobody routes to connections that
     * no longer exist. Done by one node: the live node with the lowest id, or this node for itself.
     */
    private void sweep(String deadNode) {
        if (!deadNode.equals(nodeId) && !membership.isLowestAlive(nodeId)) {
            return;
        }
        int ended = 0;
        int offline = 0;
        for (var session : store.directory().all()) {
            if (!deadNode.equals(session.nodeId())) {
                continue;
            }
            if (session.expiryIntervalSeconds() == 0) {
                store.directory().removeSession(session.clientId());
                ended++;
                continue;
            }
            if (session.connected()) {
                store.directory().disconnected(session.clientId(), deadNode);
                offline++;
            }
            expireOrphanLater(session.clientId(), deadNode, session.expiryIntervalSeconds());
        }
        if (ended + offline > 0) {
            LOG.info("Node {} left {} sessions behind: {} ended (clean), {} now offline (persistent)", deadNode,
                    ended + offline, ended, offline);
        }
    }

    /**
     * The expiry timer of a persistent session whose holder died runs here instead, counted from
     * the sweep: when it fires and the session is still the dead node's (its client never came
     * back to any node), it ends, with its queue.
     */
    private void expireOrphanLater(String clientId, String deadNode, long expiryIntervalSeconds) {
        // Not for this node's own earlier run: a session it left is restored here when its client
        // returns, with its own timer, and an orphan timer could end it early.
        if (deadNode.equals(nodeId) || expiryIntervalSeconds >= dev.gannet.broker.session.Session.NEVER_EXPIRES
                || orphans.isShutdown()) {
            return;
        }
        orphans.schedule(() -> {
            var session = store.directory().get(clientId);
            if (session.isPresent() && deadNode.equals(session.get().nodeId()) && !session.get().connected()
                    && !membership.isAlive(deadNode)) {
                LOG.info("Session of client {}, left by node {}, expired", clientId, deadNode);
                store.directory().removeSession(clientId);
            }
        }, expiryIntervalSeconds, TimeUnit.SECONDS);
    }

    /** Sends a command to a node: this one handles it at once, another through its downlink topic. */
    private CompletableFuture<Void> send(String node, DownlinkCommand command) {
        if (node.equals(nodeId)) {
            sessions.handle(command);
            return CompletableFuture.completedFuture(null);
        }
        return write(topics.downlink(node), command.clientId(), DownlinkCommand.encode(command));
    }

    private CompletableFuture<Void> write(String topic, String key, byte[] value) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error == null) {
                    written.complete(null);
                } else {
                    written.completeExceptionally(new StorageException("Kafka did not take a record for " + topic, error));
                }
            });
        } catch (RuntimeException e) {
            written.completeExceptionally(new StorageException("Kafka did not take a record for " + topic, e));
        }
        return written;
    }

    private void event(String key, byte[] value) {
        String from = value == null ? "?" : new String(value, StandardCharsets.UTF_8);
        LOG.debug("Cluster event {} from node {}", key, from);
        switch (key == null ? "" : key) {
            case CREDENTIALS_CHANGED -> onCredentialsChanged.run();
            case BLOCKED_CLIENTS_CHANGED -> onBlockedClientsChanged.run();
            default -> LOG.warn("Ignoring unknown cluster event '{}' from node {}", key, from);
        }
    }

    /** Tells every node (this one too) to reload the credentials from PostgreSQL. */
    public void credentialsChanged() {
        write(topics.events(), CREDENTIALS_CHANGED, nodeId.getBytes(StandardCharsets.UTF_8));
    }

    /** Tells every node (this one too) to reload the blocked clients from PostgreSQL. */
    public void blockedClientsChanged() {
        write(topics.events(), BLOCKED_CLIENTS_CHANGED, nodeId.getBytes(StandardCharsets.UTF_8));
    }

    /** The other nodes with their last heartbeat, alive or not. */
    public List<NodeHeartbeat> peers() {
        return membership == null ? List.of() : membership.peers();
    }

    public boolean isAlive(String node) {
        return membership != null && membership.isAlive(node);
    }

    /** Which node holds each session in the directory (for diagnostics and management). */
    public Map<String, String> holders() {
        Map<String, String> holders = new java.util.TreeMap<>();
        store.directory().all().forEach(s -> {
            if (s.nodeId() != null) {
                holders.put(s.clientId(), s.nodeId());
            }
        });
        return holders;
    }

    /**
     * Leaves the cluster: stops routing (its partitions move to the other nodes), stops following,
     * says goodbye, and closes the store after everything written was acknowledged.
     */
    @Override
    public void close() {
        if (publishLog != null) {
            publishLog.close();
        }
        if (downlink != null) {
            downlink.close();
        }
        if (events != null) {
            events.close();
        }
        if (dispatchThread != null) {
            dispatchThread.shutdown();
        }
        orphans.shutdownNow();
        if (membership != null) {
            membership.close();
        }
        store.close(); // before the producer: the application queues write through it
        producer.close(Duration.ofSeconds(10));
        worker.shutdownNow();
    }
}
