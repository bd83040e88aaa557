package dev.gannet.broker.interop;

import dev.gannet.broker.testing.RawMqttClient;
import dev.gannet.broker.testing.RawMqttClient.Packet;
import dev.gannet.broker.testing.TestBroker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.gannet.broker.testing.RawMqttClient.PUBACK;
import static dev.gannet.broker.testing.RawMqttClient.PUBLISH;
import static org.assertj.core.api.Assertions.assertThat;

/** Delivery under back-pressure and concurrency: nothing lost, per-publisher order kept. */
class FlowControlIT {

    private static final long WAIT = 5_000;

    @Test
    void slow_reader_gets_every_message_in_order_once_it_reads_again() throws Exception {
        int count = 200;
        String big = "x".repeat(16 * 1024);
        try (TestBroker broker = TestBroker.start();
             RawMqttClient reader = RawMqttClient.open(broker.port());
             RawMqttClient publisher = RawMqttClient.open(broker.port())) {
            reader.connectAndAwaitConnack("slow-reader", true, 0);
            reader.subscribeAndAwaitSuback(1, "bp/#", 0);
            publisher.connectAndAwaitConnack("bp-publisher", true, 0);
            // 3.2 MB to a client that reads nothing meanwhile: far past the socket buffers and the
            // broker's 64 KiB write high-water mark.
            for (int i = 0; i < count; i++) {
                publisher.publish("bp/t", i + ":" + big, 1, false, false, i % 65_000 + 1);
                publisher.expect(PUBACK, WAIT);
            }
            for (int i = 0; i < count; i++) {
                Packet packet = reader.expect(PUBLISH, WAIT);
                String payload = packet.payloadText();
                assertThat(payload.substring(0, payload.indexOf(':'))).isEqualTo(String.valueOf(i));
                assertThat(payload).hasSize(String.valueOf(i).length() + 1 + big.length());
            }
            assertThat(reader.read(300)).isNull();
        }
    }

    @Test
    void concurrent_publishers_lose_nothing_and_each_keeps_its_order() throws Exception {
        int publishers = 4;
        int perPublisher = 250;
        try (TestBroker broker = TestBroker.start();
             RawMqttClient subscriber = RawMqttClient.open(broker.port())) {
            subscriber.connectAndAwaitConnack("fan-in", true, 0);
            subscriber.subscribeAndAwaitSuback(1, "fan/#", 1);

            ExecutorService pool = Executors.newFixedThreadPool(publishers);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int p = 0; p < publishers; p++) {
                    int publisherNo = p;
                    running.add(pool.submit(() -> {
                        try (RawMqttClient publisher = RawMqttClient.open(broker.port())) {
                            publisher.connectAndAwaitConnack("fan-publisher-" + publisherNo, true, 0);
                            for (int i = 1; i <= perPublisher; i++) {
                                publisher.publish("fan/" + publisherNo, publisherNo + ":" + i, 1, false, false, i);
                                publisher.expect(PUBACK, WAIT);
                            }
                        }
                        return null;
                    }));
                }

                Map<Integer, List<Integer>> received = new HashMap<>();
                for (int n = 0; n < publishers * perPublisher; n++) {
                    Packet packet = subscriber.expect(PUBLISH, WAIT);
                    subscriber.puback(packet.packetId());
                    String[] parts = packet.payloadText().split(":");
                    received.computeIfAbsent(Integer.parseInt(parts[0]), k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
                }
                for (Future<?> future : running) {
                    future.get(10, TimeUnit.SECONDS);
                }
                assertThat(subscriber.read(300)).isNull();
                assertThat(received).hasSize(publishers);
                for (List<Integer> sequence : received.values()) {
                    assertThat(sequence).hasSize(perPublisher).isSorted().doesNotHaveDuplicates();
                }
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
