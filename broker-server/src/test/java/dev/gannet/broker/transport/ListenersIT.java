package dev.gannet.broker.transport;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.config.ConfigException;
import dev.gannet.broker.config.ConfigSource;
import dev.gannet.broker.testing.TestBroker;
import dev.gannet.broker.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TLS, WebSocket and secure WebSocket listeners, used by real clients. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListenersIT {

    private TestCertificates pki;

    @BeforeAll
    void pki() throws Exception {
        pki = TestCertificates.create();
    }

    @AfterAll
    void cleanUp() {
        pki.dir.toFile().deleteOnExit();
    }

    private Map<String, String> allListeners(String clientAuth) {
        Map<String, String> config = new HashMap<>();
        config.put("mqtt.tls.enabled", "true");
        config.put("mqtt.tls.port", "0");
        config.put("mqtt.ws.enabled", "true");
        config.put("mqtt.ws.port", "0");
        config.put("mqtt.wss.enabled", "true");
        config.put("mqtt.wss.port", "0");
        config.put("tls.cert-file", pki.file("server.pem").toString());
        config.put("tls.key-file", pki.file("server.key").toString());
        config.put("tls.client-auth", clientAuth);
        config.put("tls.trust-file", pki.file("ca.pem").toString());
        return config;
    }

    /** Subscribes with one client, publishes with another, both built by {@code builder}; returns what arrived. */
    private static String roundTrip(java.util.function.Supplier<Mqtt3ClientBuilder> builder, String topic) throws Exception {
        Mqtt3BlockingClient sub = builder.get().identifier("sub-" + topic).buildBlocking();
        Mqtt3BlockingClient pub = builder.get().identifier("pub-" + topic).buildBlocking();
        sub.connect();
        try (Mqtt3BlockingClient.Mqtt3Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            pub.connect();
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(("over " + topic).getBytes(StandardCharsets.UTF_8)).send();
            Optional<com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish> got = publishes.receive(5, TimeUnit.SECONDS);
            pub.disconnect();
            sub.disconnect();
            return got.map(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).orElse(null);
        }
    }

    @Test
    void clients_reach_the_broker_over_tls_websocket_and_secure_websocket() throws Exception {
        try (TestBroker broker = TestBroker.start(allListeners("none"))) {
            var ports = broker.server().listenerPorts();
            assertThat(ports).containsKeys(Transport.TCP, Transport.TLS, Transport.WS, Transport.WSS);
            var trust = pki.trustCa();
            assertThat(roundTrip(() -> Mqtt3Client.builder().serverHost("localhost").serverPort(ports.get(Transport.TLS))
                    .sslConfig().trustManagerFactory(trust).applySslConfig(), "tls")).isEqualTo("over tls");
            assertThat(roundTrip(() -> Mqtt3Client.builder().serverHost("127.0.0.1").serverPort(ports.get(Transport.WS))
                    .webSocketConfig().serverPath("mqtt").applyWebSocketConfig(), "ws")).isEqualTo("over ws");
            assertThat(roundTrip(() -> Mqtt3Client.builder().serverHost("localhost").serverPort(ports.get(Transport.WSS))
                    .sslConfig().trustManagerFactory(trust).applySslConfig()
                    .webSocketConfig().serverPath("mqtt").applyWebSocketConfig(), "wss")).isEqualTo("over wss");
        }
    }

    @Test
    void an_mqtt5_client_works_over_websocket_too() throws Exception {
        try (TestBroker broker = TestBroker.start(allListeners("none"))) {
            Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("v5-ws").serverHost("127.0.0.1")
                    .serverPort(broker.server().port(Transport.WS)).webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
                    .buildBlocking();
            assertThat(client.connect().getReasonCode().getCode()).isZero();
            client.disconnect();
        }
    }

    @Test
    void with_client_certificates_required_only_a_certificate_from_the_trusted_ca_gets_in() throws Exception {
        try (TestBroker broker = TestBroker.start(allListeners("required"))) {
            int port = broker.server().port(Transport.TLS);
            var trust = pki.trustCa();
            Mqtt3BlockingClient trusted = Mqtt3Client.builder().identifier("trusted").serverHost("localhost").serverPort(port)
                    .sslConfig().trustManagerFactory(trust).keyManagerFactory(pki.clientKey("client")).applySslConfig()
                    .buildBlocking();
            trusted.connect();
            trusted.disconnect();

            Mqtt3BlockingClient trustedWss = Mqtt3Client.builder().identifier("trusted-wss").serverHost("localhost")
                    .serverPort(broker.server().port(Transport.WSS))
                    .sslConfig().trustManagerFactory(trust).keyManagerFactory(pki.clientKey("client")).applySslConfig()
                    .webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking();
            trustedWss.connect();
            trustedWss.disconnect();
            Mqtt3BlockingClient anonymousWss = Mqtt3Client.builder().identifier("no-cert-wss").serverHost("localhost")
                    .serverPort(broker.server().port(Transport.WSS)).sslConfig().trustManagerFactory(trust).applySslConfig()
                    .webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking();
            assertThatThrownBy(anonymousWss::connect).as("no client certificate over WSS").isInstanceOf(RuntimeException.class);

            Mqtt3BlockingClient anonymous = Mqtt3Client.builder().identifier("no-cert").serverHost("localhost").serverPort(port)
                    .sslConfig().trustManagerFactory(trust).applySslConfig().buildBlocking();
            assertThatThrownBy(anonymous::connect).as("no client certificate").isInstanceOf(RuntimeException.class);

            Mqtt3BlockingClient rogue = Mqtt3Client.builder().identifier("rogue").serverHost("localhost").serverPort(port)
                    .sslConfig().trustManagerFactory(trust).keyManagerFactory(pki.clientKey("rogue-client")).applySslConfig()
                    .buildBlocking();
            assertThatThrownBy(rogue::connect).as("certificate from an untrusted CA").isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void mosquitto_clients_speak_tls_with_the_ca_file() throws Exception {
        try (TestBroker broker = TestBroker.start(allListeners("none"))) {
            String port = String.valueOf(broker.server().port(Transport.TLS));
            String ca = pki.file("ca.pem").toString();
            Process sub = new ProcessBuilder("mosquitto_sub", "-h", "localhost", "-p", port, "--cafile", ca, "-t", "secure/#",
                    "-C", "1", "-W", "10", "-v", "-i", "tls-sub").redirectErrorStream(true).start();
            try {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                        .until(() -> broker.server().sessions().get("tls-sub") != null
                                && !broker.server().sessions().get("tls-sub").subscriptions().isEmpty());
                Process pub = new ProcessBuilder("mosquitto_pub", "-h", "localhost", "-p", port, "--cafile", ca,
                        "-t", "secure/a", "-m", "encrypted", "-q", "1").redirectErrorStream(true).start();
                assertThat(pub.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(pub.exitValue()).isZero();
                assertThat(sub.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim()).isEqualTo("secure/a encrypted");
            } finally {
                sub.destroyForcibly();
            }
        }
    }

    @Test
    void the_server_certificate_can_come_from_a_pkcs12_keystore() throws Exception {
        Path keystore = pki.pkcs12("server", "keystore-secret");
        Map<String, String> config = new HashMap<>(Map.of("mqtt.tls.enabled", "true", "mqtt.tls.port", "0",
                "tls.keystore-file", keystore.toString(), "tls.keystore-password", "keystore-secret"));
        try (TestBroker broker = TestBroker.start(config)) {
            int port = broker.server().port(Transport.TLS);
            var trust = pki.trustCa();
            assertThat(roundTrip(() -> Mqtt3Client.builder().serverHost("localhost").serverPort(port)
                    .sslConfig().trustManagerFactory(trust).applySslConfig(), "p12")).isEqualTo("over p12");
        }

        config.put("tls.keystore-password", "wrong");
        assertThatThrownBy(() -> TestBroker.start(config)).hasStackTraceContaining("tls.keystore-file")
                .hasStackTraceContaining("password");
        config.put("tls.keystore-password", "keystore-secret");
        config.put("tls.cert-file", pki.file("server.pem").toString());
        assertThatThrownBy(() -> BrokerConfig.from(ConfigSource.of(config)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("both set");
    }

    @Test
    void a_tls_listener_without_a_certificate_is_a_configuration_error_naming_the_key() {
        assertThatThrownBy(() -> BrokerConfig.from(ConfigSource.of(Map.of("mqtt.tls.enabled", "true"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls.cert-file");
        assertThatThrownBy(() -> BrokerConfig.from(ConfigSource.of(Map.of("mqtt.wss.enabled", "true",
                "tls.cert-file", pki.file("server.pem").toString(), "tls.key-file", pki.file("server.key").toString(),
                "tls.protocols", "TLSv1.1")))).hasMessageContaining("tls.protocols");
        assertThatThrownBy(() -> BrokerConfig.from(ConfigSource.of(Map.of("mqtt.tls.enabled", "true",
                "tls.cert-file", "/no/such/cert.pem", "tls.key-file", pki.file("server.key").toString()))))
                .hasMessageContaining("/no/such/cert.pem");
    }
}
