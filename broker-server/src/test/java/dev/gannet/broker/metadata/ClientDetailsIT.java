package dev.gannet.broker.metadata;

import dev.gannet.broker.testing.CodecClient;
import dev.gannet.broker.testing.TestBroker;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The broker writes each client's details to the metadata database as it connects and leaves. */
class ClientDetailsIT {

    @Test
    void a_connect_and_a_disconnect_are_recorded_with_the_clients_details() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            ClientDetailsRepository details = broker.server().metadata().clientDetails();
            try (CodecClient client = CodecClient.connectTo(broker.port())) {
                client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("meter-17")
                        .hasUser(true).username("utility").keepAlive(30).build());
                client.expect(MqttMessageType.CONNACK);
                await().atMost(Duration.ofSeconds(5)).until(() -> details.find("meter-17").isPresent());
                ClientDetails connected = details.find("meter-17").orElseThrow();
                assertThat(connected.connected()).isTrue();
                assertThat(connected.username()).isEqualTo("utility");
                assertThat(connected.protocolVersion()).isEqualTo("MQTT_5");
                assertThat(connected.clientType()).isEqualTo("DEVICE");
                assertThat(connected.remoteAddress()).startsWith("127.0.0.1:");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !details.find("meter-17").orElseThrow().connected());
            assertThat(details.find("meter-17").orElseThrow().lastDisconnectedAt()).isNotNull();
        }
    }
}
