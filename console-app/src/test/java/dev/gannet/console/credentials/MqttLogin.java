package dev.gannet.console.credentials;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** Real MQTT 5 clients logging in with a user name and password, to see what the broker makes of credentials. */
final class MqttLogin {

    private static final AtomicInteger COUNT = new AtomicInteger();

    private MqttLogin() {
    }

    /** Connects and disconnects again; SUCCESS, or the CONNACK reason code the broker refused with. */
    static Mqtt5ConnAckReasonCode attempt(int port, String userName, String password) {
        Mqtt5BlockingClient client = builder(port);
        try {
            client.connectWith().simpleAuth().username(userName).password(password.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth().send();
            client.disconnect();
            return Mqtt5ConnAckReasonCode.SUCCESS;
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    /** A connected client, for tests that go on to publish. */
    static Mqtt5BlockingClient connected(int port, String userName, String password) {
        Mqtt5BlockingClient client = builder(port);
        client.connectWith().simpleAuth().username(userName).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        return client;
    }

    private static Mqtt5BlockingClient builder(int port) {
        return Mqtt5Client.builder().identifier("credentials-probe-" + COUNT.incrementAndGet()).serverHost("127.0.0.1")
                .serverPort(port).buildBlocking();
    }
}
