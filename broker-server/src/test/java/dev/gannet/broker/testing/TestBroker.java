package dev.gannet.broker.testing;

import dev.gannet.broker.BrokerServer;
import dev.gannet.broker.auth.Authenticator;
import dev.gannet.broker.auth.Authorizer;
import dev.gannet.broker.auth.EnhancedAuthenticator;
import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.config.ConfigSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real broker for a test: bound to 127.0.0.1 on a random free port, with its own temporary
 * data directory. Configuration keys are the YAML keys ("session.max-inflight").
 */
public final class TestBroker implements AutoCloseable {

    private final BrokerServer server;
    private final Map<String, String> values;
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final List<EnhancedAuthenticator> enhancedAuthenticators;

    private TestBroker(BrokerServer server, Map<String, String> values, Authenticator authenticator, Authorizer authorizer,
                       List<EnhancedAuthenticator> enhancedAuthenticators) {
        this.server = server;
        this.values = values;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.enhancedAuthenticators = enhancedAuthenticators;
    }

    /** Stops this broker cleanly and starts a new one on the same data directory (on a new port). */
    public TestBroker restart() {
        close();
        BrokerConfig config = BrokerConfig.from(ConfigSource.of(values));
        return new TestBroker(new BrokerServer(config, authenticator, authorizer, enhancedAuthenticators).start(),
                values, authenticator, authorizer, enhancedAuthenticators);
    }

    public static TestBroker start() {
        return start(Map.of());
    }

    public static TestBroker start(Map<String, String> overrides) {
        return start(overrides, Authenticator.ALLOW_ANONYMOUS, Authorizer.ALLOW_ALL);
    }

    public static TestBroker start(Map<String, String> overrides, Authenticator authenticator, Authorizer authorizer) {
        return start(overrides, authenticator, authorizer, List.of());
    }

    /** A broker that also offers the given MQTT 5 enhanced authentication methods. */
    public static TestBroker start(Map<String, String> overrides, Authenticator authenticator, Authorizer authorizer,
                                   List<EnhancedAuthenticator> enhancedAuthenticators) {
        Map<String, String> values = new HashMap<>();
        values.put("mqtt.host", "127.0.0.1");
        values.put("mqtt.port", "0");
        values.put("http.host", "127.0.0.1");
        values.put("http.port", "0");
        values.put("data.dir", tempDir().toString());
        values.putAll(overrides);
        BrokerConfig config = BrokerConfig.from(ConfigSource.of(values));
        return new TestBroker(new BrokerServer(config, authenticator, authorizer, enhancedAuthenticators).start(),
                Map.copyOf(values), authenticator, authorizer, enhancedAuthenticators);
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("gannet-test-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.mqttPort();
    }

    /** "tcp://127.0.0.1:PORT", as Paho wants it. */
    public String tcpUri() {
        return "tcp://127.0.0.1:" + port();
    }

    public BrokerServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
