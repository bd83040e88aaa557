package dev.gannet.broker.testing;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Small conveniences for tests driving the broker with Eclipse Paho (mqttv3). */
public final class PahoClients {

    private PahoClients() {
    }

    /** A message as the Paho client handed it to the application. */
    public record Received(String topic, String payload, int qos, boolean retained, boolean duplicate) {
    }

    /** A Paho client plus everything it received, in arrival order. */
    public static final class Client implements AutoCloseable {
        private final MqttClient paho;
        private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

        Client(MqttClient paho) {
            this.paho = paho;
            paho.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                            message.getQos(), message.isRetained(), message.isDuplicate()));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
        }

        public MqttClient paho() {
            return paho;
        }

        /** The next received message, or null after {@code millis}. */
        public Received poll(long millis) throws InterruptedException {
            return received.poll(millis, TimeUnit.MILLISECONDS);
        }

        /** The next received message, failing when none arrives within 5 s. */
        public Received next() throws InterruptedException {
            Received message = received.poll(5, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message within 5 s");
            }
            return message;
        }

        /** Exactly {@code count} messages, each within 5 s. */
        public List<Received> next(int count) throws InterruptedException {
            List<Received> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(next());
            }
            return out;
        }

        public void publish(String topic, String payload, int qos, boolean retained) throws MqttException {
            paho.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained);
        }

        /** Subscribes and returns the granted QoS Paho reports. */
        public int subscribe(String filter, int qos) throws MqttException {
            return paho.subscribeWithResponse(filter, qos).getGrantedQos()[0];
        }

        /** DISCONNECT (if connected), then releases the client. */
        @Override
        public void close() throws MqttException {
            try {
                if (paho.isConnected()) {
                    paho.disconnect(0);
                }
            } finally {
                paho.close(true);
            }
        }
    }

    public static MqttConnectOptions options(int version, boolean cleanSession) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(version);
        options.setCleanSession(cleanSession);
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(30);
        options.setAutomaticReconnect(false);
        return options;
    }

    /** A client that is not yet connected (its callback is already collecting). */
    public static Client create(TestBroker broker, String clientId) throws MqttException {
        return new Client(new MqttClient(broker.tcpUri(), clientId, new MemoryPersistence()));
    }

    /** A connected MQTT 3.1.1 client. */
    public static Client connect(TestBroker broker, String clientId, boolean cleanSession) throws MqttException {
        return connect(broker, clientId, options(MqttConnectOptions.MQTT_VERSION_3_1_1, cleanSession));
    }

    public static Client connect(TestBroker broker, String clientId, MqttConnectOptions options) throws MqttException {
        Client client = create(broker, clientId);
        try {
            client.paho.connect(options);
        } catch (MqttException | RuntimeException e) {
            client.paho.close(true);
            throw e;
        }
        return client;
    }
}
