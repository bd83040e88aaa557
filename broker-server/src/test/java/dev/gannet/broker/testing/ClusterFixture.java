package dev.gannet.broker.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The outside services a Gannet cluster needs, started for real by the tests: a Kafka (in this
 * JVM), a Redis and a PostgreSQL (child processes from Debian's packages). Each cluster a test
 * builds gets its own topic prefix, so clusters of different tests never see each other.
 */
public final class ClusterFixture implements AutoCloseable {

    private final PostgresServer postgres;

    private ClusterFixture(PostgresServer postgres) {
        this.postgres = postgres;
    }

    public static ClusterFixture start() throws Exception {
        KafkaServer.shared();
        RedisServer.shared();
        return new ClusterFixture(PostgresServer.start());
    }

    /** Names a new, empty cluster: its topic prefix (and so its Redis key prefix). */
    public static String newCluster() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    /** The configuration of node {@code nodeId} of {@code cluster}, as YAML keys. */
    public Map<String, String> node(String cluster, String nodeId) {
        Map<String, String> config = new HashMap<>();
        config.put("cluster.enabled", "true");
        config.put("cluster.node-id", nodeId);
        config.put("cluster.kafka.bootstrap-servers", KafkaServer.shared().bootstrapServers());
        config.put("cluster.kafka.topic-prefix", cluster);
        config.put("cluster.kafka.publish-partitions", "4");
        config.put("cluster.redis.uri", RedisServer.shared().uri());
        config.put("cluster.postgres.url", postgres.jdbcUrl());
        config.put("cluster.postgres.user", "postgres");
        config.put("cluster.node-timeout-ms", "3000");
        config.put("security.admin-password", "cluster-admin");
        return config;
    }

    /** {@link #node(String, String)} with some keys set otherwise. */
    public Map<String, String> node(String cluster, String nodeId, Map<String, String> overrides) {
        Map<String, String> config = node(cluster, nodeId);
        config.putAll(overrides);
        return config;
    }

    /** The same as {@link #node}, as the environment of a broker in a child JVM. */
    public Map<String, String> environment(String cluster, String nodeId) {
        Map<String, String> environment = new HashMap<>();
        node(cluster, nodeId).forEach((key, value) -> environment.put(
                dev.gannet.broker.config.ConfigSource.environmentVariable(key), value));
        return environment;
    }

    /** A data directory for one node. */
    public static Path dataDir() throws java.io.IOException {
        Path dir = Files.createTempDirectory("gannet-node-");
        dir.toFile().deleteOnExit();
        return dir;
    }

    @Override
    public void close() throws java.io.IOException {
        postgres.close();
    }
}
