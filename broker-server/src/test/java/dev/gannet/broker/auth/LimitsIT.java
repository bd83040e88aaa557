package dev.gannet.broker.auth;

import dev.gannet.broker.testing.CodecClient;
import dev.gannet.broker.testing.TestBroker;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The limits that keep one client from hurting the others, each with its reason code and metric. */
class LimitsIT {

    private static MqttSubscriptionOption qos1() {
        return new MqttSubscriptionOption(MqttQoS.AT_LEAST_ONCE, false, false,
                MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE);
    }

    @Test
    void subscriptions_beyond_the_quota_get_quota_exceeded() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("security.max-subscriptions-per-client", "2"));
             CodecClient client = CodecClient.connected5(broker.port(), "greedy", true, MqttProperties.NO_PROPERTIES)) {
            client.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription("a", qos1()).addSubscription("b", qos1())
                    .addSubscription("c", qos1()).build());
            assertThat(((MqttSubAckMessage) client.expect(MqttMessageType.SUBACK).message()).payload().reasonCodes())
                    .containsExactly(1, 1, 0x97);
            client.send(MqttMessageBuilders.subscribe().messageId(2).addSubscription("a", qos1()).build());
            assertThat(((MqttSubAckMessage) client.expect(MqttMessageType.SUBACK).message()).payload().reasonCodes())
                    .as("replacing an existing subscription is fine").containsExactly(1);
            assertThat(broker.server().metrics().subscriptionQuotaExceededCount()).isEqualTo(1);
        }
    }

    @Test
    void connects_beyond_the_rate_are_refused_with_connection_rate_exceeded() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("security.max-connects-per-second", "1"));
             CodecClient first = CodecClient.connected5(broker.port(), "first", true, MqttProperties.NO_PROPERTIES);
             CodecClient second = CodecClient.connectTo(broker.port())) {
            assertThat(first.isClosed()).isFalse();
            second.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("second").build());
            MqttConnAckMessage connack = (MqttConnAckMessage) second.expect(MqttMessageType.CONNACK).message();
            assertThat(connack.variableHeader().connectReturnCode().byteValue() & 0xFF).isEqualTo(0x9F);
            assertThat(broker.server().metrics().connectRateExceededCount()).isEqualTo(1);
        }
    }

    @Test
    void a_client_publishing_faster_than_its_rate_is_disconnected_with_message_rate_too_high() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("security.max-publishes-per-second-per-client", "5"));
             CodecClient client = CodecClient.connected5(broker.port(), "chatty", true, MqttProperties.NO_PROPERTIES)) {
            try {
                for (int i = 0; i < 20 && !client.isClosed(); i++) {
                    client.send(CodecClient.publish5("noise", 0, 0, new byte[] {1}, MqttProperties.NO_PROPERTIES));
                }
            } catch (Exception closedWhileSending) { // Netty rethrows the checked ClosedChannelException unchecked
                // the broker disconnected us mid-burst: what the test expects
            }
            CodecClient.Received disconnect = client.expect(MqttMessageType.DISCONNECT);
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.message().variableHeader()).reasonCode() & 0xFF)
                    .isEqualTo(0x96);
            assertThat(broker.server().metrics().publishRateExceededCount()).isEqualTo(1);
        }
    }
}
