package dev.gannet.broker.auth;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.gannet.broker.session.ClientType;
import dev.gannet.broker.testing.BrokerWithCredentials;
import dev.gannet.broker.testing.CodecClient;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** MQTT_BASIC credentials from the metadata database: passwords, matching, permissions, client types. */
class CredentialsIT {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Mqtt3ConnAckReturnCode refusal(BrokerWithCredentials broker, String clientId, String user, String password) {
        Mqtt3BlockingClient client = Mqtt3Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        try {
            if (user == null) {
                client.connect();
            } else {
                client.connectWith().simpleAuth().username(user).password(password == null ? new byte[0] : bytes(password))
                        .applySimpleAuth().send();
            }
            client.disconnect();
            return Mqtt3ConnAckReturnCode.SUCCESS;
        } catch (Mqtt3ConnAckException e) {
            return e.getMqttMessage().getReturnCode();
        }
    }

    @Test
    void the_right_password_gets_in_and_a_wrong_or_unknown_one_gets_0x04() throws Exception {
        try (BrokerWithCredentials broker = new BrokerWithCredentials(Map.of())) {
            broker.addBasic("thermostat", null, "thermostat", "s3cret!", "DEVICE", null, null);
            assertThat(refusal(broker, "t1", "thermostat", "s3cret!")).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
            assertThat(refusal(broker, "t1", "thermostat", "wrong")).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
            assertThat(refusal(broker, "t1", "nobody", "x")).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
            assertThat(refusal(broker, "anon", null, null)).as("anonymous is allowed by default").isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
        }
    }

    @Test
    void with_anonymous_access_off_only_matching_credentials_get_in() throws Exception {
        try (BrokerWithCredentials broker = new BrokerWithCredentials(Map.of("security.allow-anonymous", "false"))) {
            broker.addBasic("by client id", "gateway-7", null, null, "DEVICE", null, null);
            assertThat(refusal(broker, "someone", null, null)).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
            assertThat(refusal(broker, "gateway-7", null, null)).as("matched by client id, no password asked")
                    .isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
        }
    }

    @Test
    void credentials_rules_decide_what_a_client_may_publish_and_subscribe_to() throws Exception {
        try (BrokerWithCredentials broker = new BrokerWithCredentials(Map.of())) {
            broker.addBasic("sensor", null, "sensor", "pw", "DEVICE", "[\"sensors/.*\"]", "[\"commands/sensor/.*\"]");
            Mqtt3BlockingClient watcher = Mqtt3Client.builder().identifier("watcher").serverHost("127.0.0.1")
                    .serverPort(broker.port()).buildBlocking();
            watcher.connect();
            try (Mqtt3BlockingClient.Mqtt3Publishes seen = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
                watcher.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
                Mqtt3BlockingClient sensor = Mqtt3Client.builder().identifier("s1").serverHost("127.0.0.1")
                        .serverPort(broker.port()).buildBlocking();
                sensor.connectWith().simpleAuth().username("sensor").password(bytes("pw")).applySimpleAuth().send();
                sensor.publishWith().topic("actuators/valve").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("open")).send();
                sensor.publishWith().topic("sensors/temp").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("21")).send();
                var got = seen.receive(5, TimeUnit.SECONDS);
                assertThat(got).isPresent();
                assertThat(got.get().getTopic().toString()).as("the forbidden publish was dropped").isEqualTo("sensors/temp");
                try {
                    sensor.subscribeWith()
                            .addSubscription().topicFilter("commands/sensor/1").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                            .addSubscription().topicFilter("commands/other").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                            .send();
                    throw new AssertionError("expected a SUBACK with a failure code");
                } catch (Mqtt3SubAckException e) {
                    assertThat(e.getMqttMessage().getReturnCodes())
                            .containsExactly(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_1, Mqtt3SubAckReturnCode.FAILURE);
                }
                sensor.disconnect();
            }
            watcher.disconnect();
        }
    }

    @Test
    void an_mqtt5_client_is_told_0x87_for_a_publish_its_credentials_forbid() throws Exception {
        try (BrokerWithCredentials broker = new BrokerWithCredentials(Map.of())) {
            broker.addBasic("app", null, "dashboard", "pw", "APPLICATION", "[\"ui/.*\"]", "[\".*\"]");
            Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("dash").serverHost("127.0.0.1")
                    .serverPort(broker.port()).buildBlocking();
            client.connectWith().simpleAuth().username("dashboard").password(bytes("pw")).applySimpleAuth().send();
            // The HiveMQ client reports a PUBACK with an error code as an exception carrying it.
            try {
                client.publishWith().topic("sensors/fake").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("x")).send();
                throw new AssertionError("expected PUBACK 0x87");
            } catch (com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException e) {
                assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            }
            assertThat(broker.server().sessions().get("dash").clientType()).as("the type comes from the credentials")
                    .isEqualTo(ClientType.APPLICATION);
            client.disconnect();
        }
    }

    @Test
    void a_publish_sent_right_behind_connect_waits_for_the_credentials_and_is_handled_after() throws Exception {
        try (BrokerWithCredentials broker = new BrokerWithCredentials(Map.of());
             CodecClient client = CodecClient.connectTo(broker.port())) {
            broker.addBasic("eager", null, "eager", "pw", "DEVICE", null, null);
            client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId("eager-1")
                    .hasUser(true).username("eager").hasPassword(true).password(bytes("pw")).keepAlive(30).build());
            client.send(MqttMessageBuilders.publish().topicName("fast").qos(MqttQoS.AT_LEAST_ONCE).messageId(5)
                    .payload(io.netty.buffer.Unpooled.wrappedBuffer(bytes("hi"))).build());
            MqttConnAckMessage connack = (MqttConnAckMessage) client.expect(MqttMessageType.CONNACK).message();
            assertThat(connack.variableHeader().connectReturnCode().byteValue()).isZero();
            assertThat(client.expect(MqttMessageType.PUBACK).type()).isEqualTo(MqttMessageType.PUBACK);
        }
    }
}
