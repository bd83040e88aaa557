package dev.gannet.broker.interop;

import dev.gannet.broker.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PahoSmokeIT {
    @Test
    void publishes_and_receives() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            MqttClient sub = new MqttClient(broker.tcpUri(), "sub", new MemoryPersistence());
            sub.connect(new MqttConnectOptions());
            BlockingQueue<String> got = new ArrayBlockingQueue<>(10);
            sub.subscribe("a/+", 1, (topic, msg) -> got.add(topic + "=" + new String(msg.getPayload())));
            MqttClient pub = new MqttClient(broker.tcpUri(), "pub", new MemoryPersistence());
            pub.connect(new MqttConnectOptions());
            pub.publish("a/b", "hi".getBytes(), 1, false);
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("a/b=hi");
            pub.disconnect(); pub.close(); sub.disconnect(); sub.close();
        }
    }
}
