package dev.gannet.broker.interop;

import dev.gannet.broker.testing.PahoClients;
import dev.gannet.broker.testing.PahoClients.Client;
import dev.gannet.broker.testing.PahoClients.Received;
import dev.gannet.broker.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Eclipse Paho (mqttv3) speaking MQTT 3.1 ("MQIsdp", level 3). */
class PahoMqtt31IT {

    private static TestBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static MqttConnectOptions v31(boolean cleanSession) {
        return PahoClients.options(MqttConnectOptions.MQTT_VERSION_3_1, cleanSession);
    }

    @Test
    void mqtt31_client_connects_and_is_accepted() throws Exception {
        try (Client client = PahoClients.connect(broker, "v31-plain", v31(true))) {
            assertThat(client.paho().isConnected()).isTrue();
        }
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {1, 2})
    void mqtt31_clients_publish_and_receive(int qos) throws Exception {
        String topic = "v31/qos" + qos;
        try (Client sub = PahoClients.connect(broker, "v31-sub-" + qos, v31(true));
             Client pub = PahoClients.connect(broker, "v31-pub-" + qos, v31(true))) {
            assertThat(sub.subscribe(topic, qos)).isEqualTo(qos);
            pub.publish(topic, "hello 3.1", qos, false);
            Received received = sub.next();
            assertThat(received.topic()).isEqualTo(topic);
            assertThat(received.payload()).isEqualTo("hello 3.1");
            assertThat(received.qos()).isEqualTo(qos);
            assertThat(sub.poll(300)).isNull();
        }
    }

    @Test
    void mqtt31_and_mqtt311_clients_exchange_messages() throws Exception {
        try (Client sub = PahoClients.connect(broker, "v31-mixed-sub", v31(true));
             Client pub = PahoClients.connect(broker, "v311-mixed-pub", true)) {
            sub.subscribe("mixed/#", 2);
            pub.publish("mixed/a", "from 3.1.1", 2, false);
            assertThat(sub.next().payload()).isEqualTo("from 3.1.1");
        }
    }

    @Test
    void client_id_of_23_characters_is_accepted() throws Exception {
        String id = "a".repeat(23);
        try (Client client = PahoClients.connect(broker, id, v31(true))) {
            assertThat(client.paho().isConnected()).isTrue();
        }
    }

    @Test
    void client_id_of_24_characters_is_refused_with_identifier_rejected() throws Exception {
        Client client = PahoClients.create(broker, "b".repeat(24));
        try (client) {
            MqttException refused = catchThrowableOfType(MqttException.class, () -> client.paho().connect(v31(true)));
            assertThat(refused).isNotNull();
            assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_INVALID_CLIENT_ID);
            assertThat(client.paho().isConnected()).isFalse();
        }
        assertThat(broker.server().sessions().get("b".repeat(24))).isNull();
    }
}
