package dev.gannet.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import dev.gannet.broker.BrokerServer;
import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.config.ConfigSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Persistent QoS 1 throughput: publishers send QoS 1 messages to a topic an offline persistent
 * session subscribes to, so every message is written to the store before its PUBACK. Reports
 * acknowledged messages per second for each fsync policy.
 *
 * <p>Arguments (all optional): messages per run (default 200000), publishers (4), messages in
 * flight per publisher (256), payload bytes (64), fsync policies (always,interval,never).
 */
public final class PersistentQos1Benchmark {

    private PersistentQos1Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int publishers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        int payloadBytes = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        String[] policies = (args.length > 4 ? args[4] : "always,interval,never").split(",");
        System.out.printf("persistent QoS 1: %d messages, %d publishers, %d in flight each, %d-byte payloads, %d cores, Java %s%n",
                messages, publishers, window, payloadBytes, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        for (String policy : policies) {
            run(policy.trim(), messages, publishers, window, payloadBytes);
        }
        System.exit(0);
    }

    private static void run(String policy, int messages, int publishers, int window, int payloadBytes) throws Exception {
        Path dataDir = Files.createTempDirectory("gannet-bench-");
        BrokerConfig config = BrokerConfig.from(ConfigSource.of(Map.of(
                "mqtt.host", "127.0.0.1", "mqtt.port", "0", "http.enabled", "false", "data.dir", dataDir.toString(),
                "storage.fsync", policy, "session.device.max-queued-messages", String.valueOf(messages + 1))));
        try (BrokerServer broker = new BrokerServer(config).start()) {
            int port = broker.mqttPort();
            Mqtt3BlockingClient subscriber = Mqtt3Client.builder().identifier("bench-subscriber")
                    .serverHost("127.0.0.1").serverPort(port).buildBlocking();
            subscriber.connectWith().cleanSession(false).send();
            subscriber.subscribeWith().topicFilter("bench/#").qos(MqttQos.AT_LEAST_ONCE).send();
            subscriber.disconnect();

            byte[] payload = new byte[payloadBytes];
            int perPublisher = messages / publishers;
            List<CompletableFuture<Void>> done = new ArrayList<>();
            List<Mqtt3AsyncClient> clients = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                Mqtt3AsyncClient client = Mqtt3Client.builder().identifier("bench-publisher-" + p)
                        .serverHost("127.0.0.1").serverPort(port).buildAsync();
                client.connect().get(10, TimeUnit.SECONDS);
                clients.add(client);
            }
            long start = System.nanoTime();
            for (int p = 0; p < publishers; p++) {
                Mqtt3AsyncClient client = clients.get(p);
                String topic = "bench/" + p;
                done.add(CompletableFuture.runAsync(() -> {
                    Semaphore inFlight = new Semaphore(window);
                    for (int i = 0; i < perPublisher; i++) {
                        inFlight.acquireUninterruptibly();
                        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                                .whenComplete((ack, error) -> inFlight.release());
                    }
                    inFlight.acquireUninterruptibly(window);
                }));
            }
            CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            int total = perPublisher * publishers;
            int stored = broker.sessions().get("bench-subscriber").queuedCount();
            System.out.printf("fsync=%-8s %,10.0f msg/s acknowledged (%d in %.2f s); %d queued for the offline subscriber%n",
                    policy, total / seconds, total, seconds, stored);
            for (Mqtt3AsyncClient client : clients) {
                client.disconnect().get(10, TimeUnit.SECONDS);
            }
        }
    }
}
