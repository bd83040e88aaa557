package dev.gannet.console.sessions;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import dev.gannet.broker.session.Session;
import dev.gannet.console.testing.ConsoleTestBroker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/**
 * Real MQTT 5 clients (HiveMQ) for the sessions tests, disconnected at the end of each test.
 * Persistent ones keep their session for an hour after their connection ends.
 */
final class MqttClients implements AutoCloseable {

    static final long ONE_HOUR = 3600;

    private final ConsoleTestBroker broker;
    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    MqttClients(ConsoleTestBroker broker) {
        this.broker = broker;
    }

    /** A connected client whose session ends with its connection. */
    Mqtt5BlockingClient clean(String clientId) {
        return connect(clientId, connect -> connect);
    }

    /** A connected client whose session outlives its connection by an hour. */
    Mqtt5BlockingClient persistent(String clientId) {
        return connect(clientId, connect -> connect.cleanStart(false).sessionExpiryInterval(ONE_HOUR));
    }

    /** A connected client logging in with a user name and password. */
    Mqtt5BlockingClient withPassword(String clientId, String username, String password) {
        return connect(clientId, connect -> connect.simpleAuth().username(username).password(password.getBytes())
                .applySimpleAuth());
    }

    Mqtt5BlockingClient connect(String clientId, UnaryOperator<Mqtt5ConnectBuilder.Send<?>> options) {
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(broker.mqttPort()).buildBlocking();
        options.apply(client.connectWith()).send();
        clients.add(client);
        return client;
    }

    /**
     * Disconnects {@code client} and waits until the broker has seen it go (it handles the
     * DISCONNECT in the background), so that its session is offline, not about to be.
     */
    void leave(Mqtt5BlockingClient client) {
        String clientId = client.getConfig().getClientIdentifier().orElseThrow().toString();
        client.disconnect();
        await().atMost(5, TimeUnit.SECONDS).until(() -> {
            Session session = broker.server().sessions().get(clientId);
            return session == null || !session.isConnected();
        });
    }

    /** Subscribes {@code client} to each of {@code filters} at QoS 1. */
    static void subscribe(Mqtt5BlockingClient client, String... filters) {
        for (String filter : filters) {
            client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        }
    }

    @Override
    public void close() {
        for (Mqtt5BlockingClient client : clients) {
            if (client.getState().isConnected()) {
                try {
                    client.disconnect();
                } catch (RuntimeException alreadyGone) {
                    // the broker closed it meanwhile: nothing left to end
                }
            }
        }
    }
}
