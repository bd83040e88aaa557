package dev.gannet.broker.mqtt5;

import dev.gannet.broker.auth.AuthenticationResult;
import dev.gannet.broker.auth.Authorizer;
import dev.gannet.broker.testing.CodecClient;
import dev.gannet.broker.testing.TestBroker;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CONNECT and CONNACK in MQTT 5: the properties the broker announces, and its refusals. */
class Mqtt5ConnectIT {

    private static MqttConnAckMessage connect(CodecClient client, String clientId, MqttProperties properties) throws InterruptedException {
        client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(clientId)
                .cleanSession(true).keepAlive(30).properties(properties).build());
        return (MqttConnAckMessage) client.expect(MqttMessageType.CONNACK).message();
    }

    private static Object property(MqttConnAckMessage connack, int id) {
        MqttProperties.MqttProperty<?> property = connack.variableHeader().properties().getProperty(id);
        return property == null ? null : property.value();
    }

    @Test
    void connack_tells_the_truth_about_the_default_configuration() throws Exception {
        try (TestBroker broker = TestBroker.start(); CodecClient client = CodecClient.connectTo(broker.port())) {
            MqttConnAckMessage connack = connect(client, "props", MqttProperties.NO_PROPERTIES);
            assertThat(connack.variableHeader().connectReturnCode().byteValue()).isZero();
            assertThat(property(connack, MqttProperties.RECEIVE_MAXIMUM)).isEqualTo(1000);
            assertThat(property(connack, MqttProperties.MAXIMUM_PACKET_SIZE)).isEqualTo(1_048_576);
            assertThat(property(connack, MqttProperties.TOPIC_ALIAS_MAXIMUM)).isEqualTo(16);
            assertThat(property(connack, MqttProperties.RETAIN_AVAILABLE)).isEqualTo(1);
            assertThat(property(connack, MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE)).isEqualTo(1);
            assertThat(property(connack, MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE)).isEqualTo(1);
            assertThat(property(connack, MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE)).isEqualTo(1);
            assertThat(property(connack, MqttProperties.MAXIMUM_QOS)).as("absent means QoS 2").isNull();
            assertThat(property(connack, MqttProperties.ASSIGNED_CLIENT_IDENTIFIER)).isNull();
            assertThat(property(connack, MqttProperties.SERVER_KEEP_ALIVE)).isNull();
        }
    }

    @Test
    void connack_reflects_a_restricted_configuration() throws Exception {
        Map<String, String> restricted = Map.of(
                "mqtt.max-qos", "1",
                "mqtt.retain-available", "false",
                "mqtt.wildcard-subscriptions-enabled", "false",
                "mqtt.subscription-identifiers-enabled", "false",
                "mqtt.shared-subscriptions-enabled", "false",
                "mqtt.max-keep-alive-seconds", "10",
                "mqtt.max-session-expiry-seconds", "60",
                "mqtt.response-information", "replies/");
        try (TestBroker broker = TestBroker.start(restricted); CodecClient client = CodecClient.connectTo(broker.port())) {
            MqttProperties asked = new MqttProperties();
            asked.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, 3600));
            asked.add(new MqttProperties.IntegerProperty(MqttProperties.REQUEST_RESPONSE_INFORMATION, 1));
            MqttConnAckMessage connack = connect(client, "restricted", asked);
            assertThat(property(connack, MqttProperties.MAXIMUM_QOS)).isEqualTo(1);
            assertThat(property(connack, MqttProperties.RETAIN_AVAILABLE)).isEqualTo(0);
            assertThat(property(connack, MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE)).isEqualTo(0);
            assertThat(property(connack, MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE)).isEqualTo(0);
            assertThat(property(connack, MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE)).isEqualTo(0);
            assertThat(property(connack, MqttProperties.SERVER_KEEP_ALIVE)).as("30 s asked, 10 s allowed").isEqualTo(10);
            assertThat(property(connack, MqttProperties.SESSION_EXPIRY_INTERVAL)).as("3600 s asked, 60 s allowed").isEqualTo(60);
            assertThat(property(connack, MqttProperties.RESPONSE_INFORMATION)).isEqualTo("replies/");
        }
    }

    @Test
    void an_empty_client_id_gets_an_assigned_identifier_even_without_clean_start() throws Exception {
        try (TestBroker broker = TestBroker.start(); CodecClient client = CodecClient.connectTo(broker.port())) {
            client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("")
                    .cleanSession(false).keepAlive(30).build());
            MqttConnAckMessage connack = (MqttConnAckMessage) client.expect(MqttMessageType.CONNACK).message();
            assertThat(connack.variableHeader().connectReturnCode().byteValue()).isZero();
            assertThat((String) property(connack, MqttProperties.ASSIGNED_CLIENT_IDENTIFIER)).startsWith("gannet-");
        }
    }

    @Test
    void refusals_use_the_mqtt5_reason_codes() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.max-client-id-length", "23"),
                (identity, password) -> switch (identity.username() == null ? "" : identity.username()) {
                    case "wrong" -> AuthenticationResult.BAD_USERNAME_OR_PASSWORD;
                    case "banned" -> AuthenticationResult.NOT_AUTHORIZED;
                    default -> AuthenticationResult.ACCEPTED;
                }, Authorizer.ALLOW_ALL)) {
            assertThat(refusalCode(broker, MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5)
                    .clientId("x".repeat(24)))).as("client identifier not valid").isEqualTo(0x85);
            assertThat(refusalCode(broker, MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5)
                    .clientId("a").hasUser(true).username("wrong").hasPassword(true).password(new byte[] {1})))
                    .as("bad user name or password").isEqualTo(0x86);
            assertThat(refusalCode(broker, MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5)
                    .clientId("b").hasUser(true).username("banned"))).as("not authorized").isEqualTo(0x87);
            MqttProperties unknownMethod = new MqttProperties();
            unknownMethod.add(new MqttProperties.StringProperty(MqttProperties.AUTHENTICATION_METHOD, "NO-SUCH-METHOD"));
            assertThat(refusalCode(broker, MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5)
                    .clientId("c").properties(unknownMethod))).as("bad authentication method").isEqualTo(0x8C);
            MqttProperties zeroReceiveMaximum = new MqttProperties();
            zeroReceiveMaximum.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, 0));
            assertThat(refusalCode(broker, MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5)
                    .clientId("d").properties(zeroReceiveMaximum))).as("protocol error").isEqualTo(0x82);
        }
    }

    @Test
    void the_connection_limit_answers_server_busy() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.max-connections", "1"));
             CodecClient first = CodecClient.connected5(broker.port(), "first", true, MqttProperties.NO_PROPERTIES)) {
            assertThat(first.isClosed()).isFalse();
            assertThat(refusalCode(broker, MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5)
                    .clientId("second"))).isEqualTo(0x89);
        }
    }

    private static int refusalCode(TestBroker broker, MqttMessageBuilders.ConnectBuilder connect) throws InterruptedException {
        try (CodecClient client = CodecClient.connectTo(broker.port())) {
            client.send(connect.keepAlive(30).build());
            MqttConnAckMessage connack = (MqttConnAckMessage) client.expect(MqttMessageType.CONNACK).message();
            assertThat(client.awaitClosed(5)).as("closed after a refusal").isTrue();
            return connack.variableHeader().connectReturnCode().byteValue() & 0xFF;
        }
    }
}
