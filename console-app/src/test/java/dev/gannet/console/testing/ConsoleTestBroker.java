package dev.gannet.console.testing;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.gannet.broker.BrokerServer;
import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.config.ConfigSource;
import dev.gannet.model.client.GannetClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Gannet broker for console tests: embedded store in a temporary directory, MQTT and the
 * management endpoint on free loopback ports, administrator "admin" with {@link #ADMIN_PASSWORD}.
 */
public final class ConsoleTestBroker implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "console-admin-pw";

    private final BrokerServer server;

    private ConsoleTestBroker(BrokerServer server) {
        this.server = server;
    }

    public static ConsoleTestBroker start() {
        return start(Map.of());
    }

    /** A broker with extra configuration (YAML keys, e.g. "security.allow-anonymous"). */
    public static ConsoleTestBroker start(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("mqtt.host", "127.0.0.1");
        values.put("mqtt.port", "0");
        values.put("http.host", "127.0.0.1");
        values.put("http.port", "0");
        values.put("security.admin-password", ADMIN_PASSWORD);
        values.put("data.dir", tempDir().toString());
        values.putAll(overrides);
        return new ConsoleTestBroker(new BrokerServer(BrokerConfig.from(ConfigSource.of(values))).start());
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("gannet-console-test-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The management endpoint's URL, as typed into the console's login form. */
    public String url() {
        return "http://127.0.0.1:" + server.managementPort();
    }

    public int mqttPort() {
        return server.mqttPort();
    }

    public BrokerServer server() {
        return server;
    }

    /** A management client logged in as admin: to prepare or check what the console shows. */
    public GannetClient admin() {
        GannetClient client = GannetClient.of(url());
        client.login("admin", ADMIN_PASSWORD);
        return client;
    }

    /** A connected MQTT 5 client (anonymous unless the broker refuses that). */
    public Mqtt5BlockingClient mqttClient(String clientId) {
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(mqttPort())
                .buildBlocking();
        client.connect();
        return client;
    }

    @Override
    public void close() {
        server.close();
    }
}
