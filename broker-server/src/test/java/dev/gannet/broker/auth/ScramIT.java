package dev.gannet.broker.auth;

import dev.gannet.broker.auth.scram.ScramAlgorithm;
import dev.gannet.broker.session.ClientType;
import dev.gannet.broker.testing.BrokerWithCredentials;
import dev.gannet.broker.testing.CodecClient;
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
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A real SCRAM exchange over MQTT 5 AUTH, against SCRAM credentials in the metadata database. */
class ScramIT {

    /** The client side of SCRAM, written from RFC 5802 for the test. */
    private static final class ScramClient {
        final ScramAlgorithm algorithm;
        final String user;
        final String password;
        final String clientFirstBare;
        String expectedServerSignature;

        ScramClient(ScramAlgorithm algorithm, String user, String password) {
            this.algorithm = algorithm;
            this.user = user;
            this.password = password;
            this.clientFirstBare = "n=" + user + ",r=clientNonce123";
        }

        byte[] first() {
            return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
        }

        byte[] last(String serverFirst) {
            String nonce = null;
            String salt = null;
            int iterations = 0;
            for (String part : serverFirst.split(",")) {
                switch (part.charAt(0)) {
                    case 'r' -> nonce = part.substring(2);
                    case 's' -> salt = part.substring(2);
                    case 'i' -> iterations = Integer.parseInt(part.substring(2));
                    default -> { }
                }
            }
            String withoutProof = "c=biws,r=" + nonce;
            byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
            byte[] salted = algorithm.saltedPassword(password, Base64.getDecoder().decode(salt), iterations);
            byte[] clientKey = algorithm.hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] signature = algorithm.hmac(algorithm.hash(clientKey), authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ signature[i]);
            }
            byte[] serverKey = algorithm.hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
            expectedServerSignature = "v=" + Base64.getEncoder().encodeToString(algorithm.hmac(serverKey, authMessage));
            return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static MqttProperties method(String mechanism, byte[] data) {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(MqttProperties.AUTHENTICATION_METHOD, mechanism));
        properties.add(new MqttProperties.BinaryProperty(MqttProperties.AUTHENTICATION_DATA, data));
        return properties;
    }

    private static byte[] authData(MqttProperties properties) {
        return (byte[]) properties.getProperty(MqttProperties.AUTHENTICATION_DATA).value();
    }

    /** Runs the exchange; returns the CONNACK. */
    private static MqttConnAckMessage scramConnect(CodecClient client, ScramClient scram, String clientId) throws InterruptedException {
        client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(clientId).keepAlive(30)
                .properties(method(scram.algorithm.mechanism(), scram.first())).build());
        CodecClient.Received challenge = client.next();
        if (challenge.type() == MqttMessageType.CONNACK) {
            return (MqttConnAckMessage) challenge.message();
        }
        assertThat(challenge.type()).isEqualTo(MqttMessageType.AUTH);
        String serverFirst = new String(authData(header(challenge).properties()), StandardCharsets.UTF_8);
        client.send(auth((byte) 0x18, method(scram.algorithm.mechanism(), scram.last(serverFirst))));
        return (MqttConnAckMessage) client.expect(MqttMessageType.CONNACK).message();
    }

    @Test
    void scram_sha_256_and_512_authenticate_and_the_broker_proves_it_knows_the_password_too() throws Exception {
        try (BrokerWithCredentials broker = new BrokerWithCredentials(Map.of("security.allow-anonymous", "false"))) {
            for (ScramAlgorithm algorithm : ScramAlgorithm.values()) {
                broker.addScram("scada " + algorithm, algorithm, "scada-" + algorithm, "correct horse", "APPLICATION");
                ScramClient scram = new ScramClient(algorithm, "scada-" + algorithm, "correct horse");
                try (CodecClient client = CodecClient.connectTo(broker.port())) {
                    MqttConnAckMessage connack = scramConnect(client, scram, "scada-client-" + algorithm);
                    assertThat(connack.variableHeader().connectReturnCode().byteValue()).as(algorithm.name()).isZero();
                    assertThat(new String(authData(connack.variableHeader().properties()), StandardCharsets.UTF_8))
                            .isEqualTo(scram.expectedServerSignature);
                    assertThat(broker.server().sessions().get("scada-client-" + algorithm).clientType()).isEqualTo(ClientType.APPLICATION);
                }
            }
        }
    }

    @Test
    void a_wrong_password_is_refused_with_not_authorized() throws Exception {
        try (BrokerWithCredentials broker = new BrokerWithCredentials(Map.of());
             CodecClient client = CodecClient.connectTo(broker.port())) {
            broker.addScram("ops", ScramAlgorithm.SHA_256, "ops", "right", "DEVICE");
            MqttConnAckMessage connack = scramConnect(client, new ScramClient(ScramAlgorithm.SHA_256, "ops", "wrong"), "ops-1");
            assertThat(connack.variableHeader().connectReturnCode().byteValue() & 0xFF).isEqualTo(0x87);
        }
    }

    private static MqttMessage auth(byte reason, MqttProperties properties) {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.AUTH, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttReasonCodeAndPropertiesVariableHeader(reason, properties));
    }

    private static MqttReasonCodeAndPropertiesVariableHeader header(CodecClient.Received received) {
        return (MqttReasonCodeAndPropertiesVariableHeader) received.message().variableHeader();
    }

    @Test
    void a_connected_client_reauthenticates_with_a_fresh_exchange_and_a_wrong_password_then_is_disconnected() throws Exception {
        try (BrokerWithCredentials broker = new BrokerWithCredentials(Map.of("security.allow-anonymous", "false"));
             CodecClient client = CodecClient.connectTo(broker.port())) {
            broker.addScram("line", ScramAlgorithm.SHA_512, "line-7", "s3cret", "DEVICE");
            assertThat(scramConnect(client, new ScramClient(ScramAlgorithm.SHA_512, "line-7", "s3cret"), "line-7-client")
                    .variableHeader().connectReturnCode().byteValue()).isZero();
            String mechanism = ScramAlgorithm.SHA_512.mechanism();

            ScramClient again = new ScramClient(ScramAlgorithm.SHA_512, "line-7", "s3cret");
            client.send(auth((byte) 0x19, method(mechanism, again.first())));
            CodecClient.Received challenge = client.expect(MqttMessageType.AUTH);
            assertThat(header(challenge).reasonCode()).isEqualTo((byte) 0x18);
            client.send(auth((byte) 0x18, method(mechanism,
                    again.last(new String(authData(header(challenge).properties()), StandardCharsets.UTF_8)))));
            CodecClient.Received success = client.expect(MqttMessageType.AUTH);
            assertThat(header(success).reasonCode()).as("re-authentication succeeded").isZero();
            assertThat(new String(authData(header(success).properties()), StandardCharsets.UTF_8))
                    .isEqualTo(again.expectedServerSignature);

            ScramClient wrong = new ScramClient(ScramAlgorithm.SHA_512, "line-7", "guess");
            client.send(auth((byte) 0x19, method(mechanism, wrong.first())));
            challenge = client.expect(MqttMessageType.AUTH);
            client.send(auth((byte) 0x18, method(mechanism,
                    wrong.last(new String(authData(header(challenge).properties()), StandardCharsets.UTF_8)))));
            CodecClient.Received disconnect = client.expect(MqttMessageType.DISCONNECT);
            assertThat(header(disconnect).reasonCode() & 0xFF).isEqualTo(0x87);
            assertThat(client.awaitClosed(5)).isTrue();
        }
    }
}
