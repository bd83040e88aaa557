package dev.gannet.broker.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.nio.file.Files;
import java.util.Map;

/**
 * A real Kafka for tests: one KRaft node that is broker and controller at once, in this JVM, on a
 * free loopback port, with its logs in a temporary directory (deleted when it stops). Ready in a
 * few seconds.
 *
 * <p>Most tests share one ({@link #shared()}) and isolate themselves with their own topic names;
 * a test that stops or breaks Kafka starts its own ({@link #startAlone()}) and closes it.
 */
public final class KafkaServer implements AutoCloseable {

    private static KafkaServer shared;

    private final KafkaClusterTestKit cluster;

    private KafkaServer(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** The Kafka of this test JVM, started at the first call, stopped when the JVM exits. */
    public static synchronized KafkaServer shared() {
        if (shared == null) {
            KafkaServer server = startAlone();
            Runtime.getRuntime().addShutdownHook(new Thread(server::closeQuietly, "gannet-test-kafka-stop"));
            shared = server;
        }
        return shared;
    }

    /** A Kafka of the caller's own, to close when done. */
    public static KafkaServer startAlone() {
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    // Our own directory, deleted by close(): left to the test kit, it is deleted by a
                    // shutdown hook of Kafka's that races the one stopping Kafka (the broker then
                    // finds its log directory gone and may halt the JVM with a failure status).
                    .setBaseDirectory(Files.createTempDirectory("gannet-kafka-"))
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            cluster = new KafkaClusterTestKit.Builder(nodes)
                    // One broker: the internal topics cannot have Kafka's default of 3 replicas (without
                    // this, consumer groups never get a coordinator and see nothing).
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    // A consumer group's first member starts at once instead of after 3 s.
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaServer(cluster);
        } catch (Exception e) {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Cannot start the in-process Kafka: " + e.getMessage(), e);
        }
    }

    /** host:port of the broker, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** A new admin client of this Kafka; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Stops the broker and deletes its files. */
    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Cannot stop the in-process Kafka: " + e.getMessage(), e);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println(e.getMessage()); // the JVM is exiting: nothing else to do
        }
    }
}
