package dev.gannet.broker.mqtt5;

import dev.gannet.broker.auth.AuthStep;
import dev.gannet.broker.auth.Authenticator;
import dev.gannet.broker.auth.Authorizer;
import dev.gannet.broker.auth.ClientIdentity;
import dev.gannet.broker.auth.EnhancedAuthenticator;
import dev.gannet.broker.testing.CodecClient;
import dev.gannet.broker.testing.TestBroker;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.gannet.broker.mqtt5.Mqtt5Support.properties;
import static dev.gannet.broker.mqtt5.Mqtt5Support.property;
import static dev.gannet.broker.mqtt5.Mqtt5Support.reasonCode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AUTH packet plumbing of MQTT 5 enhanced authentication, exercised with a two-step
 * challenge-response method: the broker sends a challenge, the client answers with it reversed.
 */
class Mqtt5AuthIT {

    private static final String METHOD = "REVERSE-CHALLENGE";

    /** A test method: challenge "nonce-N", expected answer the challenge reversed. */
    private static final class ReverseChallenge implements EnhancedAuthenticator {
        @Override
        public String method() {
            return METHOD;
        }

        @Override
        public Exchange begin(ClientIdentity identity, boolean reauthentication) {
            byte[] challenge = ("nonce-" + (reauthentication ? "again" : identity.clientId())).getBytes(StandardCharsets.UTF_8);
            return new Exchange() {
                private boolean challenged;

                @Override
                public AuthStep step(byte[] clientData) {
                    if (!challenged) {
                        challenged = true;
                        return AuthStep.continueWith(challenge);
                    }
                    return Arrays.equals(clientData, reversed(challenge))
                            ? AuthStep.success("welcome".getBytes(StandardCharsets.UTF_8)) : AuthStep.failure();
                }
            };
        }
    }

    private static byte[] reversed(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }

    private static TestBroker broker() {
        return TestBroker.start(Map.of(), Authenticator.ALLOW_ANONYMOUS, Authorizer.ALLOW_ALL, List.of(new ReverseChallenge()));
    }

    private static MqttMessage auth(int reason, byte[] data) {
        MqttProperties properties = properties(new MqttProperties.StringProperty(MqttProperties.AUTHENTICATION_METHOD, METHOD));
        if (data != null) {
            properties.add(new MqttProperties.BinaryProperty(MqttProperties.AUTHENTICATION_DATA, data));
        }
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.AUTH, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttReasonCodeAndPropertiesVariableHeader((byte) reason, properties));
    }

    private static byte[] authData(MqttMessage message) {
        return (byte[]) property(((MqttReasonCodeAndPropertiesVariableHeader) message.variableHeader()).properties(),
                MqttProperties.AUTHENTICATION_DATA);
    }

    private static void connectWithMethod(CodecClient client, String clientId) {
        client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(clientId).keepAlive(30)
                .properties(properties(new MqttProperties.StringProperty(MqttProperties.AUTHENTICATION_METHOD, METHOD))).build());
    }

    @Test
    void a_challenge_answered_correctly_completes_the_connect_with_the_method_in_connack() throws Exception {
        try (TestBroker broker = broker(); CodecClient client = CodecClient.connectTo(broker.port())) {
            connectWithMethod(client, "alice");
            MqttMessage challenge = client.expect(MqttMessageType.AUTH).message();
            assertThat(reasonCode(challenge)).isEqualTo(0x18);
            assertThat(new String(authData(challenge), StandardCharsets.UTF_8)).isEqualTo("nonce-alice");

            client.send(auth(0x18, reversed(authData(challenge))));
            MqttConnAckMessage connack = (MqttConnAckMessage) client.expect(MqttMessageType.CONNACK).message();
            assertThat(connack.variableHeader().connectReturnCode().byteValue()).isZero();
            MqttProperties p = connack.variableHeader().properties();
            assertThat(property(p, MqttProperties.AUTHENTICATION_METHOD)).isEqualTo(METHOD);
            assertThat(new String((byte[]) property(p, MqttProperties.AUTHENTICATION_DATA), StandardCharsets.UTF_8)).isEqualTo("welcome");
        }
    }

    @Test
    void a_wrong_answer_is_refused_with_not_authorized() throws Exception {
        try (TestBroker broker = broker(); CodecClient client = CodecClient.connectTo(broker.port())) {
            connectWithMethod(client, "mallory");
            client.expect(MqttMessageType.AUTH);
            client.send(auth(0x18, "wrong".getBytes(StandardCharsets.UTF_8)));
            MqttConnAckMessage connack = (MqttConnAckMessage) client.expect(MqttMessageType.CONNACK).message();
            assertThat(connack.variableHeader().connectReturnCode().byteValue() & 0xFF).isEqualTo(0x87);
            assertThat(client.awaitClosed(5)).isTrue();
        }
    }

    @Test
    void publishing_before_authentication_completes_is_a_protocol_error() throws Exception {
        try (TestBroker broker = broker(); CodecClient client = CodecClient.connectTo(broker.port())) {
            connectWithMethod(client, "eager");
            client.expect(MqttMessageType.AUTH);
            client.send(CodecClient.publish5("t", 0, 0, new byte[] {1}, MqttProperties.NO_PROPERTIES));
            assertThat(client.awaitClosed(5)).isTrue();
        }
    }

    @Test
    void a_connected_client_can_reauthenticate() throws Exception {
        try (TestBroker broker = broker(); CodecClient client = CodecClient.connectTo(broker.port())) {
            connectWithMethod(client, "bob");
            client.send(auth(0x18, reversed(authData(client.expect(MqttMessageType.AUTH).message()))));
            client.expect(MqttMessageType.CONNACK);

            client.send(auth(0x19, null));
            MqttMessage challenge = client.expect(MqttMessageType.AUTH).message();
            assertThat(reasonCode(challenge)).isEqualTo(0x18);
            assertThat(new String(authData(challenge), StandardCharsets.UTF_8)).isEqualTo("nonce-again");
            client.send(auth(0x18, reversed(authData(challenge))));
            assertThat(reasonCode(client.expect(MqttMessageType.AUTH).message())).as("success").isZero();

            client.send(auth(0x19, null));
            client.expect(MqttMessageType.AUTH);
            client.send(auth(0x18, "nope".getBytes(StandardCharsets.UTF_8)));
            assertThat(reasonCode(client.expect(MqttMessageType.DISCONNECT).message())).isEqualTo(0x87);
        }
    }
}
