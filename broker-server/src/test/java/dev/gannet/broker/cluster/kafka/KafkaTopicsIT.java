package dev.gannet.broker.cluster.kafka;

import dev.gannet.broker.config.ConfigException;
import dev.gannet.broker.testing.KafkaServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Creation and validation of Gannet's Kafka topics against a real Kafka; each test has its own prefix. */
@Timeout(120)
class KafkaTopicsIT {

    private static Admin admin;

    private final String prefix = "topics-" + UUID.randomUUID() + ".";
    private final KafkaTopics topics = new KafkaTopics(admin, prefix, 1);

    @BeforeAll
    static void connect() {
        admin = KafkaServer.shared().admin();
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    private static Map<String, TopicDescription> describe(String... names) throws Exception {
        return admin.describeTopics(List.of(names)).allTopicNames().get(30, TimeUnit.SECONDS);
    }

    private static Config config(String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    }

    private static void create(String name, int partitions, String cleanupPolicy) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy)))).all().get(30, TimeUnit.SECONDS);
    }

    @Test
    void creates_every_topic_with_its_partitions_and_policies() throws Exception {
        topics.ensureClusterTopics(3);
        topics.ensureDownlink("node-1");

        assertThat(topics.publish()).isEqualTo(prefix + "publish");
        assertThat(topics.downlink("node-1")).isEqualTo(prefix + "downlink.node-1");
        Map<String, TopicDescription> described = describe(topics.publish(), topics.sessions(), topics.retained(),
                topics.nodes(), topics.events(), topics.downlink("node-1"));
        assertThat(described.get(topics.publish()).partitions()).hasSize(3);
        for (String state : List.of(topics.sessions(), topics.retained(), topics.nodes())) {
            assertThat(described.get(state).partitions()).as(state).hasSize(1);
            assertThat(config(state).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).as(state).isEqualTo("compact");
        }
        for (String shortLived : List.of(topics.events(), topics.downlink("node-1"))) {
            assertThat(described.get(shortLived).partitions()).as(shortLived).hasSize(1);
            Config config = config(shortLived);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).as(shortLived).isEqualTo("delete");
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).as(shortLived).isEqualTo("3600000");
        }
    }

    @Test
    void ensuring_again_or_from_two_nodes_at_once_changes_nothing() throws Exception {
        KafkaTopics otherNode = new KafkaTopics(admin, prefix, 1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> topics.ensureClusterTopics(2));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> otherNode.ensureClusterTopics(2));
        CompletableFuture.allOf(first, second).get(60, TimeUnit.SECONDS);

        topics.ensureClusterTopics(2);
        topics.ensureDownlink("node-1");
        topics.ensureDownlink("node-1");
        assertThat(describe(topics.publish()).get(topics.publish()).partitions()).hasSize(2);
    }

    @Test
    void a_sessions_topic_with_three_partitions_is_refused_with_its_name_and_the_fix() throws Exception {
        create(topics.sessions(), 3, "compact");

        assertThatThrownBy(() -> topics.ensureClusterTopics(1))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + topics.sessions() + "' has 3 partitions")
                .hasMessageContaining("cluster.kafka.topic-prefix")
                .hasMessageNotContaining(topics.retained());
    }

    @Test
    void a_retained_topic_without_compaction_is_refused_with_its_name_and_the_fix() throws Exception {
        create(topics.retained(), 1, "delete");

        assertThatThrownBy(() -> topics.ensureClusterTopics(1))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + topics.retained() + "' has cleanup.policy=delete")
                .hasMessageContaining("cleanup.policy=compact")
                .hasMessageNotContaining(topics.sessions());
    }

    @Test
    void compaction_with_deletion_is_refused_too_since_retention_would_drop_state() throws Exception {
        create(topics.nodes(), 1, "compact,delete");

        assertThatThrownBy(() -> topics.ensureClusterTopics(1))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + topics.nodes() + "' has cleanup.policy=compact,delete");
    }

    @Test
    void a_replication_factor_above_the_number_of_brokers_names_the_setting() {
        KafkaTopics tooMany = new KafkaTopics(admin, prefix, 3);

        assertThatThrownBy(() -> tooMany.ensureClusterTopics(1))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(tooMany.publish())
                .hasMessageContaining("cluster.kafka.replication-factor");
    }
}
