package dev.gannet.broker.cluster.kafka;

import dev.gannet.broker.config.ConfigException;
import dev.gannet.broker.storage.StorageException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The names of Gannet's Kafka topics, and their creation and validation (docs/cluster.md lists
 * what each topic holds). Every node runs this at start: the topics a node finds missing it
 * creates, and a state topic that exists with the wrong shape stops the start-up, because reading
 * half of the state silently would be worse than not starting.
 */
public final class KafkaTopics {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

    /** How long deliveries, commands and "reload" events are worth keeping: a node away longer starts afresh. */
    static final long SHORT_RETENTION_MS = TimeUnit.HOURS.toMillis(1);

    /**
     * Compaction only cleans closed segments; with Kafka's default (7 days) a node would replay a
     * week of heartbeats and session changes at every start.
     */
    static final long STATE_SEGMENT_MS = TimeUnit.HOURS.toMillis(1);

    private static final long ADMIN_TIMEOUT_SECONDS = 30;
    private static final long VISIBILITY_POLL_MS = 50;
    private static final String FIX = "delete the topic (Gannet creates it anew at start) or set cluster.kafka.topic-prefix"
            + " to use other topics";

    private final Admin admin;
    private final String prefix;
    private final int replicationFactor;

    /**
     * @param admin             a client of the cluster's Kafka; stays the caller's to close
     * @param prefix            {@code cluster.kafka.topic-prefix}, prepended to every name
     * @param replicationFactor {@code cluster.kafka.replication-factor}, used for the topics created here
     */
    /**
     * The largest record Gannet writes (producer {@code max.request.size}, topic
     * {@code max.message.bytes} of the topics that carry messages): the largest MQTT packet a cluster
     * accepts ({@link dev.gannet.broker.config.BrokerConfig.ClusterConfig#MAX_PACKET_SIZE}) with its
     * envelope (client id, entry id, subscription identifiers). Kafka's default of 1 MB would make a
     * large message a record no node can ever route.
     */
    public static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

    public KafkaTopics(Admin admin, String prefix, int replicationFactor) {
        this.admin = admin;
        this.prefix = prefix;
        this.replicationFactor = replicationFactor;
    }

    /** Every accepted PUBLISH, keyed by MQTT topic, between the receiving and the routing node. */
    public String publish() {
        return prefix + "publish";
    }

    /** Deliveries and commands for the clients connected to {@code nodeId}. */
    public String downlink(String nodeId) {
        return prefix + "downlink." + nodeId;
    }

    /** The session directory (a state topic). */
    public String sessions() {
        return prefix + "sessions";
    }

    /** Retained messages, key = MQTT topic (a state topic). */
    public String retained() {
        return prefix + "retained";
    }

    /** Node membership heartbeats (a state topic). */
    public String nodes() {
        return prefix + "nodes";
    }

    /** "Credentials or blocked clients changed" notices: every node reloads. */
    public String events() {
        return prefix + "events";
    }

    /**
     * Creates what is missing: {@link #publish()} with {@code publishPartitions} partitions; the
     * state topics {@link #sessions()}, {@link #retained()}, {@link #nodes()} with one partition
     * and {@code cleanup.policy=compact}; {@link #events()} with one partition, kept one hour. Then
     * checks the state topics, created here or long ago.
     *
     * @throws ConfigException  when a state topic has more than one partition or is not compacted
     *                          (the message names each topic, what is wrong and how to fix it), or
     *                          when Kafka has fewer brokers than the replication factor
     * @throws StorageException when Kafka cannot be reached or refuses otherwise
     */
    public void ensureClusterTopics(int publishPartitions) {
        List<NewTopic> wanted = new ArrayList<>();
        wanted.add(new NewTopic(publish(), publishPartitions, (short) replicationFactor).configs(durability(Map.of(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_RECORD_BYTES)))));
        for (String state : stateTopics()) {
            // max.message.bytes: a retained message is as large as the largest MQTT packet a cluster accepts.
            wanted.add(new NewTopic(state, 1, (short) replicationFactor).configs(durability(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.SEGMENT_MS_CONFIG, Long.toString(STATE_SEGMENT_MS),
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_RECORD_BYTES)))));
        }
        wanted.add(shortLived(events()));
        Set<String> existing = createMissing(wanted);
        if (existing.contains(publish())) {
            warnOnPublishPartitions(publishPartitions);
        }
        checkStateTopics();
    }

    /**
     * Creates {@code nodeId}'s downlink when missing: one partition (its records are read in
     * order by that node alone), kept one hour.
     */
    public void ensureDownlink(String nodeId) {
        createMissing(List.of(shortLived(downlink(nodeId))));
    }

    /**
     * With three or more replicas, an acknowledged write (acks=all) must be on at least two of them:
     * otherwise Kafka acknowledges what only the leader holds, and losing that broker loses it.
     */
    private Map<String, String> durability(Map<String, String> configs) {
        if (replicationFactor < 3) {
            return configs;
        }
        Map<String, String> withIsr = new java.util.HashMap<>(configs);
        withIsr.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        return withIsr;
    }

    private List<String> stateTopics() {
        return List.of(sessions(), retained(), nodes());
    }

    private NewTopic shortLived(String name) {
        return new NewTopic(name, 1, (short) replicationFactor).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(SHORT_RETENTION_MS),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_RECORD_BYTES)));
    }

    /** Creates the topics not yet in Kafka; returns the names that existed before. */
    private Set<String> createMissing(List<NewTopic> wanted) {
        Set<String> existing = call("list the topics", admin.listTopics().names());
        List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
        if (missing.isEmpty()) {
            return existing;
        }
        Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
        List<String> created = new ArrayList<>();
        for (NewTopic topic : missing) {
            created.add(topic.name());
            try {
                call("create topic '" + topic.name() + "'", results.get(topic.name()));
                LOG.info("Created Kafka topic {} ({} partitions, replication factor {})", topic.name(),
                        topic.numPartitions(), replicationFactor);
            } catch (StorageException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    continue; // another node created it at the same moment: checked below like any existing topic
                }
                if (e.getCause() instanceof InvalidReplicationFactorException) {
                    throw new ConfigException("Cannot create Kafka topic '" + topic.name() + "' with replication factor "
                            + replicationFactor + ": " + e.getCause().getMessage()
                            + ". Set cluster.kafka.replication-factor to at most the number of Kafka brokers", e.getCause());
                }
                throw e;
            }
        }
        awaitVisible(created);
        return existing;
    }

    /**
     * The controller acknowledges a creation before the brokers' metadata has the topic: waits until
     * the broker we ask knows it, so that what follows (checks, clients) does not see it missing.
     */
    private void awaitVisible(List<String> names) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ADMIN_TIMEOUT_SECONDS);
        while (true) {
            try {
                call("describe the new topics", admin.describeTopics(names).allTopicNames());
                return;
            } catch (StorageException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(VISIBILITY_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("Interrupted while waiting for new Kafka topics " + names, e);
            }
        }
    }

    /** A publish log of another size still works (it bounds how many nodes route at once): say so, change nothing. */
    private void warnOnPublishPartitions(int publishPartitions) {
        TopicDescription description = call("describe topic '" + publish() + "'",
                admin.describeTopics(List.of(publish())).allTopicNames()).get(publish());
        int actual = description.partitions().size();
        if (actual != publishPartitions) {
            LOG.warn("Kafka topic {} has {} partitions, cluster.kafka.publish-partitions asks for {}; the existing topic"
                    + " is used as it is", publish(), actual, publishPartitions);
        }
    }

    private void checkStateTopics() {
        List<String> names = stateTopics();
        Map<String, TopicDescription> descriptions = call("describe the state topics",
                admin.describeTopics(names).allTopicNames());
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = call("read the state topics' configuration",
                admin.describeConfigs(resources).all());
        List<String> problems = new ArrayList<>();
        for (ConfigResource resource : resources) {
            String name = resource.name();
            int partitions = descriptions.get(name).partitions().size();
            if (partitions != 1) {
                problems.add("Kafka topic '" + name + "' has " + partitions + " partitions, but a state topic needs"
                        + " exactly 1 (every node replays it in order, and only one partition keeps the order of"
                        + " changes): " + FIX);
            }
            ConfigEntry policy = configs.get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG);
            String value = policy == null || policy.value() == null ? TopicConfig.CLEANUP_POLICY_DELETE : policy.value();
            if (!policies(value).equals(Set.of(TopicConfig.CLEANUP_POLICY_COMPACT))) {
                // "compact,delete" is refused too: its retention would drop state that has not changed for a while.
                problems.add("Kafka topic '" + name + "' has cleanup.policy=" + value + ", but a state topic needs"
                        + " cleanup.policy=compact (only the last record of each key is kept, and kept for ever): set it"
                        + " with kafka-configs.sh --alter --entity-type topics --entity-name " + name
                        + " --add-config cleanup.policy=compact, or " + FIX);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems));
        }
    }

    private static Set<String> policies(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    /** Waits for an admin result; failures become a StorageException whose cause is Kafka's own exception. */
    private static <T> T call(String what, KafkaFuture<T> future) {
        try {
            return future.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new StorageException("Kafka refused to " + what + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new StorageException("Kafka did not answer within " + ADMIN_TIMEOUT_SECONDS + " s when asked to " + what
                    + " (check cluster.kafka.bootstrap-servers)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while asking Kafka to " + what, e);
        }
    }
}
