package dev.gannet.broker.auth;

import dev.gannet.broker.metadata.BlockedClient;
import dev.gannet.broker.metadata.UnauthorizedClient;
import dev.gannet.broker.testing.BrokerWithCredentials;
import dev.gannet.broker.testing.CodecClient;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Blocked clients are refused before their credentials are looked at, and every refusal is logged. */
class BlockedClientsIT {

    private static int connackCode(BrokerWithCredentials broker, MqttVersion version, String clientId, String user, String password)
            throws InterruptedException {
        try (CodecClient client = CodecClient.connectTo(broker.port())) {
            MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect().protocolVersion(version).clientId(clientId)
                    .keepAlive(30);
            if (user != null) {
                connect.hasUser(true).username(user);
            }
            if (password != null) {
                connect.hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
            }
            client.send(connect.build());
            return ((MqttConnAckMessage) client.expect(MqttMessageType.CONNACK).message()).variableHeader().connectReturnCode().byteValue() & 0xFF;
        }
    }

    private static void block(BrokerWithCredentials broker, String type, String pattern, String target, Long expiresAt) {
        broker.server().metadata().blockedClients().add(new BlockedClient(UUID.randomUUID().toString(), type, pattern, target,
                "test", expiresAt, System.currentTimeMillis()));
        broker.server().refreshBlockedClients();
    }

    @Test
    void a_blocked_client_id_is_refused_with_banned_or_not_authorized_and_the_refusal_is_logged() throws Exception {
        try (BrokerWithCredentials broker = new BrokerWithCredentials(Map.of())) {
            block(broker, "CLIENT_ID", "rogue-1", null, null);
            assertThat(connackCode(broker, MqttVersion.MQTT_5, "rogue-1", null, null)).isEqualTo(0x8A);
            assertThat(connackCode(broker, MqttVersion.MQTT_3_1_1, "rogue-1", null, null)).isEqualTo(0x05);
            assertThat(connackCode(broker, MqttVersion.MQTT_3_1_1, "honest-1", null, null)).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    broker.server().metadata().unauthorizedClients().find("rogue-1").isPresent());
            UnauthorizedClient logged = broker.server().metadata().unauthorizedClients().find("rogue-1").orElseThrow();
            assertThat(logged.reason()).contains("blocked by client id 'rogue-1'");
            assertThat(logged.remoteAddress()).startsWith("127.0.0.1:");
        }
    }

    @Test
    void regular_expression_ip_and_expiring_blocks() throws Exception {
        try (BrokerWithCredentials broker = new BrokerWithCredentials(Map.of())) {
            block(broker, "REGEX", "test-.*", "USERNAME", null);
            assertThat(connackCode(broker, MqttVersion.MQTT_5, "c1", "test-bot", null)).isEqualTo(0x8A);
            block(broker, "CLIENT_ID", "old-block", null, System.currentTimeMillis() - 1);
            assertThat(connackCode(broker, MqttVersion.MQTT_5, "old-block", null, null)).as("expired").isZero();
            block(broker, "IP_ADDRESS", "127.0.0.1", null, null);
            assertThat(connackCode(broker, MqttVersion.MQTT_5, "anyone", null, null)).isEqualTo(0x8A);
        }
    }

    @Test
    void a_wrong_password_is_logged_without_the_password() throws Exception {
        try (BrokerWithCredentials broker = new BrokerWithCredentials(Map.of())) {
            broker.addBasic("meter", null, "meter", "right", "DEVICE", null, null);
            assertThat(connackCode(broker, MqttVersion.MQTT_3_1_1, "m-9", "meter", "wrong-secret")).isEqualTo(0x04);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    broker.server().metadata().unauthorizedClients().find("m-9").isPresent());
            UnauthorizedClient logged = broker.server().metadata().unauthorizedClients().find("m-9").orElseThrow();
            assertThat(logged.username()).isEqualTo("meter");
            assertThat(logged.passwordProvided()).isTrue();
            assertThat(logged.reason()).contains("bad user name or password").doesNotContain("wrong-secret");
        }
    }
}
