package dev.gannet.broker.mqtt5;

import dev.gannet.broker.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** MQTT 3.1.1 (Paho 3) and MQTT 5 (Paho 5) clients on the same topics, each seeing its own protocol. */
class MixedVersionIT {

    @Test
    void a_v5_publication_reaches_a_311_subscriber_plainly_and_a_v5_subscriber_with_its_properties() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            BlockingQueue<String> old = new LinkedBlockingQueue<>();
            MqttClient v3 = new MqttClient(broker.tcpUri(), "v3-sub", new MemoryPersistence());
            MqttConnectOptions v3Options = new MqttConnectOptions();
            v3Options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            v3.connect(v3Options);
            v3.subscribe("mixed/#", 1, (topic, message) -> old.add(topic + "|" + new String(message.getPayload(), StandardCharsets.UTF_8)
                    + "|qos" + message.getQos()));

            BlockingQueue<MqttMessage> modern = new LinkedBlockingQueue<>();
            org.eclipse.paho.mqttv5.client.MqttClient v5 = new org.eclipse.paho.mqttv5.client.MqttClient(
                    broker.tcpUri(), "v5-sub", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            v5.connect(new MqttConnectionOptions());
            v5.subscribe(new MqttSubscription[] {new MqttSubscription("mixed/#", 2)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(topic, message) -> modern.add(message)});

            org.eclipse.paho.mqttv5.client.MqttClient pub = new org.eclipse.paho.mqttv5.client.MqttClient(
                    broker.tcpUri(), "v5-pub", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            pub.connect(new MqttConnectionOptions());
            MqttMessage message = new MqttMessage("hello".getBytes(StandardCharsets.UTF_8), 2, false, null);
            MqttProperties properties = new MqttProperties();
            properties.setContentType("text/plain");
            properties.setResponseTopic("mixed/replies");
            properties.setCorrelationData(new byte[] {1, 2});
            properties.setUserProperties(List.of(new UserProperty("origin", "v5")));
            message.setProperties(properties);
            pub.publish("mixed/a", message);

            assertThat(old.poll(5, TimeUnit.SECONDS)).isEqualTo("mixed/a|hello|qos1");
            MqttMessage got = modern.poll(5, TimeUnit.SECONDS);
            assertThat(got).isNotNull();
            assertThat(got.getQos()).isEqualTo(2);
            assertThat(got.getProperties().getContentType()).isEqualTo("text/plain");
            assertThat(got.getProperties().getResponseTopic()).isEqualTo("mixed/replies");
            assertThat(got.getProperties().getCorrelationData()).containsExactly(1, 2);
            assertThat(got.getProperties().getUserProperties()).extracting(UserProperty::getKey).containsExactly("origin");

            // ...and back: a 3.1.1 publication reaches the MQTT 5 subscriber without properties.
            v3.publish("mixed/b", "from v3".getBytes(StandardCharsets.UTF_8), 1, false);
            MqttMessage fromOld = modern.poll(5, TimeUnit.SECONDS);
            assertThat(fromOld).isNotNull();
            assertThat(new String(fromOld.getPayload(), StandardCharsets.UTF_8)).isEqualTo("from v3");
            assertThat(fromOld.getProperties().getUserProperties()).isEmpty();
            assertThat(old.poll(5, TimeUnit.SECONDS)).isEqualTo("mixed/b|from v3|qos1");

            pub.disconnect();
            pub.close();
            v5.disconnect();
            v5.close();
            v3.disconnect();
            v3.close();
        }
    }
}
