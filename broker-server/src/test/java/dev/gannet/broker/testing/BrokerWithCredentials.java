package dev.gannet.broker.testing;

import dev.gannet.broker.BrokerServer;
import dev.gannet.broker.auth.CredentialsAuthenticator;
import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.config.ConfigSource;
import dev.gannet.broker.metadata.StoredCredentials;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** A broker that authenticates against the credentials in its own metadata database, as deployed. */
public final class BrokerWithCredentials implements AutoCloseable {

    private final BrokerServer server;

    public BrokerWithCredentials(Map<String, String> overrides) throws Exception {
        Map<String, String> values = new HashMap<>(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", "0",
                "http.host", "127.0.0.1", "http.port", "0",
                "data.dir", Files.createTempDirectory("gannet-creds-").toString()));
        values.putAll(overrides);
        server = new BrokerServer(BrokerConfig.from(ConfigSource.of(values))).start();
    }

    public int port() {
        return server.mqttPort();
    }

    public BrokerServer server() {
        return server;
    }

    /** Adds MQTT_BASIC credentials and makes the broker use them. */
    public void addBasic(String name, String clientId, String userName, String password, String clientType,
                         String pubRules, String subRules) {
        String value = "{\"clientId\":" + json(clientId) + ",\"userName\":" + json(userName) + ",\"password\":"
                + json(password == null ? null : CredentialsAuthenticator.hash(password))
                + (pubRules == null ? "" : ",\"authRules\":{\"pubAuthRulePatterns\":" + pubRules + ",\"subAuthRulePatterns\":" + subRules + "}")
                + "}";
        String key = dev.gannet.broker.auth.BasicCredentials.matchingKey(clientId, userName);
        server.metadata().credentials().create(new StoredCredentials(UUID.randomUUID().toString(), name, "MQTT_BASIC",
                clientType, key, value, System.currentTimeMillis(), System.currentTimeMillis()));
        server.refreshCredentials();
    }

    /** Adds X_509 credentials keyed by a certificate common name (usually the issuing CA's). */
    public void addX509(String name, String certificateCommonName, String leafPattern, String clientType, String pubRules,
                        String subRules) {
        String value = "{\"certCnPattern\":" + json(leafPattern)
                + (pubRules == null ? "" : ",\"authRules\":{\"pubAuthRulePatterns\":" + pubRules + ",\"subAuthRulePatterns\":" + subRules + "}")
                + "}";
        server.metadata().credentials().create(new StoredCredentials(UUID.randomUUID().toString(), name, "X_509", clientType,
                dev.gannet.broker.auth.X509Credentials.matchingKey(certificateCommonName), value,
                System.currentTimeMillis(), System.currentTimeMillis()));
        server.refreshCredentials();
    }

    /** Adds SCRAM credentials for {@code userName}. */
    public void addScram(String name, dev.gannet.broker.auth.scram.ScramAlgorithm algorithm, String userName, String password,
                         String clientType) throws Exception {
        var value = dev.gannet.broker.auth.ScramCredentials.of(algorithm, userName, password, 4096, null);
        server.metadata().credentials().create(new StoredCredentials(UUID.randomUUID().toString(), name, "SCRAM", clientType,
                dev.gannet.broker.auth.ScramCredentials.matchingKey(algorithm, userName),
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value),
                System.currentTimeMillis(), System.currentTimeMillis()));
        server.refreshCredentials();
    }

    private static String json(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.close();
    }
}
