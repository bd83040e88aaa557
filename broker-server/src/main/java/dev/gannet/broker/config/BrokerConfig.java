package dev.gannet.broker.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The whole typed configuration. Each key is documented in the README; each is overridable by an
 * environment variable ({@link ConfigSource#environmentVariable(String)}).
 */
public record BrokerConfig(MqttConfig mqtt, ListenersConfig listeners, TlsConfig tls, SecurityConfig security,
                           SessionConfig session, StorageConfig storage, HttpConfig http, ClusterConfig cluster,
                           Path dataDir, java.util.List<ConfigSource.Setting> settings) {

    public BrokerConfig {
        settings = java.util.List.copyOf(settings);
    }

    /** Equal when every value is: {@link #settings()} also says where each came from, which does not matter here. */
    @Override
    public boolean equals(Object other) {
        return other instanceof BrokerConfig c && mqtt.equals(c.mqtt) && listeners.equals(c.listeners) && tls.equals(c.tls)
                && security.equals(c.security) && session.equals(c.session) && storage.equals(c.storage) && http.equals(c.http)
                && cluster.equals(c.cluster) && dataDir.equals(c.dataDir);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(mqtt, listeners, tls, security, session, storage, http, cluster, dataDir);
    }

    /**
     * Who may connect.
     *
     * @param allowAnonymous let clients that send no user name in when no credentials match them
     */
    public record SecurityConfig(boolean allowAnonymous, int maxSubscriptionsPerClient, int maxConnectsPerSecond,
                                 int maxPublishesPerSecondPerClient, String adminPassword,
                                 java.util.List<dev.gannet.broker.auth.AuthProvider> authProviders) {

        @Override
        public String toString() {
            return "SecurityConfig[allowAnonymous=" + allowAnonymous + ", maxSubscriptionsPerClient=" + maxSubscriptionsPerClient
                    + ", maxConnectsPerSecond=" + maxConnectsPerSecond + ", maxPublishesPerSecondPerClient="
                    + maxPublishesPerSecondPerClient + ", adminPassword=" + (adminPassword.isEmpty() ? "" : "***") + "]";
        }
    }

    /**
     * Which MQTT listeners run besides plain TCP ({@code mqtt.host}/{@code mqtt.port}): TLS,
     * WebSocket and secure WebSocket, on the same host.
     *
     * @param proxyProtocol       every listener expects a PROXY protocol v1/v2 header from a load balancer
     *                            and takes the client's address from it
     * @param wsTrustForwardedFor WebSocket listeners take the client's address from X-Forwarded-For
     */
    public record ListenersConfig(boolean tcpEnabled, boolean tlsEnabled, int tlsPort, boolean wsEnabled, int wsPort,
                                  String wsPath, boolean wssEnabled, int wssPort, boolean proxyProtocol,
                                  boolean wsTrustForwardedFor) {
    }

    /** How the TLS and secure WebSocket listeners present themselves and check clients. */
    public record TlsConfig(Path certFile, Path keyFile, String keyPassword, Path keystoreFile, String keystorePassword,
                            Path trustFile, ClientAuth clientAuth,
                            java.util.List<String> protocols, java.util.List<String> ciphers) {

        @Override
        public String toString() {
            return "TlsConfig[cert=" + certFile + ", key=" + keyFile + ", keystore=" + keystoreFile + ", trust=" + trustFile
                    + ", clientAuth=" + clientAuth + ", protocols=" + protocols + "]"; // passwords stay out of logs
        }
    }

    /** Whether a TLS client must present a certificate. */
    public enum ClientAuth { NONE, REQUESTED, REQUIRED }

    /** The MQTT listener and protocol limits. */
    public record MqttConfig(
            String host,
            int port,
            int maxPacketSize,
            int connectTimeoutSeconds,
            int maxConnections,
            boolean allowEmptyClientId,
            int maxClientIdLength,
            boolean sharedSubscriptionsEnabled,
            int maxQos,
            boolean retainAvailable,
            boolean wildcardSubscriptionsEnabled,
            boolean subscriptionIdentifiersEnabled,
            int receiveMaximum,
            int topicAliasMaximum,
            int maxKeepAliveSeconds,
            long maxSessionExpirySeconds,
            String responseInformation) {
    }

    /**
     * Per-client session limits; the queue limits depend on the client's type.
     *
     * @param defaultClientType the type of clients whose credentials name none
     */
    public record SessionConfig(int maxInflight, dev.gannet.broker.session.ClientType defaultClientType,
                                QueueLimits device, QueueLimits application) {

        public QueueLimits limitsFor(dev.gannet.broker.session.ClientType type) {
            return type == dev.gannet.broker.session.ClientType.APPLICATION ? application : device;
        }
    }

    /**
     * The queue of one client type.
     *
     * @param maxQueuedMessages    messages kept per client, online (waiting to be sent) or offline (QoS 1/2)
     * @param maxMessageAgeSeconds a queued message older than this is dropped (0: no age limit)
     * @param overflow             what a full queue discards
     */
    public record QueueLimits(int maxQueuedMessages, long maxMessageAgeSeconds, QueueOverflowPolicy overflow) {
    }

    /**
     * The embedded store under {@code data.dir/store}.
     *
     * @param fsync            when written data is forced to disk (see {@link dev.gannet.broker.storage.FsyncPolicy})
     * @param fsyncIntervalMs  the most time between forces under {@code interval}
     * @param segmentBytes     log segment size; a full segment is compacted into a snapshot
     * @param salvage          start even when a store file is damaged, keeping what is readable
     */
    public record StorageConfig(dev.gannet.broker.storage.FsyncPolicy fsync, int fsyncIntervalMs, long segmentBytes,
                                boolean salvage) {
    }

    /**
     * The management endpoint: REST, live stream, Prometheus metrics.
     *
     * @param enabled           whether it runs at all
     * @param tls               serve HTTPS with the certificate of the {@code tls.*} keys
     * @param tokenTtlMinutes   how long a login token stays valid without being used
     * @param statisticsRetentionDays how long the minute-by-minute figures are kept in the metadata database
     */
    public record HttpConfig(boolean enabled, String host, int port, boolean tls, int tokenTtlMinutes,
                             int statisticsRetentionDays) {
    }

    /**
     * Cluster mode: many identical nodes sharing state in Kafka, Redis and PostgreSQL instead of the
     * embedded store. Off by default.
     *
     * @param nodeId              this node's name, unique in the cluster (default: the host name)
     * @param kafkaBootstrap      Kafka's bootstrap servers, host:port[,host:port...]
     * @param topicPrefix         prepended to every Kafka topic Gannet uses, so several clusters can share one Kafka
     * @param replicationFactor   replication factor of the topics Gannet creates
     * @param publishPartitions   partitions of the publish log; the most nodes that can route at once
     * @param redisUri            Redis holding the queues of persistent DEVICE sessions (redis://host:port[/db])
     * @param postgresUrl         JDBC URL of PostgreSQL holding credentials, administrators, client details, statistics
     * @param nodeTimeoutMs       a node silent this long is taken for dead (its sessions may be taken over at once)
     */
    public record ClusterConfig(boolean enabled, String nodeId, String kafkaBootstrap, String topicPrefix,
                                int replicationFactor, int publishPartitions, String redisUri, String postgresUrl,
                                String postgresUser, String postgresPassword, int nodeTimeoutMs) {

        /** The largest {@code mqtt.max-packet-size} in cluster mode: each message travels as one Kafka record. */
        public static final int MAX_PACKET_SIZE = 8 * 1024 * 1024 - 128 * 1024;

        @Override
        public String toString() {
            return "ClusterConfig[enabled=" + enabled + ", nodeId=" + nodeId + ", kafka=" + kafkaBootstrap + ", topicPrefix="
                    + topicPrefix + ", redis=" + redisUri.replaceAll("//[^@/]*@", "//***@") + ", postgres=" + postgresUrl + "]";
        }
    }

    private static ClusterConfig clusterConfig(ConfigSource source) {
        String defaultNodeId;
        try {
            defaultNodeId = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            defaultNodeId = "node-1";
        }
        ClusterConfig cluster = new ClusterConfig(
                source.bool("cluster.enabled", false),
                source.string("cluster.node-id", defaultNodeId),
                source.string("cluster.kafka.bootstrap-servers", "127.0.0.1:9092"),
                source.string("cluster.kafka.topic-prefix", "gannet."),
                source.integer("cluster.kafka.replication-factor", 1, 1, 32),
                source.integer("cluster.kafka.publish-partitions", 12, 1, 10_000),
                source.string("cluster.redis.uri", "redis://127.0.0.1:6379"),
                source.string("cluster.postgres.url", "jdbc:postgresql://127.0.0.1:5432/gannet"),
                source.string("cluster.postgres.user", "gannet"),
                source.string("cluster.postgres.password", ""),
                source.integer("cluster.node-timeout-ms", 10_000, 1_000, 600_000));
        if (!cluster.nodeId().matches("[A-Za-z0-9._-]{1,100}")) {
            throw new ConfigException("Invalid value '" + cluster.nodeId() + "' for " + source.describe("cluster.node-id")
                    + ": use 1 to 100 letters, digits, '.', '_' or '-' (it names Kafka topics)");
        }
        if (!cluster.topicPrefix().matches("[A-Za-z0-9._-]{0,100}")) {
            throw new ConfigException("Invalid value '" + cluster.topicPrefix() + "' for "
                    + source.describe("cluster.kafka.topic-prefix") + ": use up to 100 letters, digits, '.', '_' or '-'");
        }
        if (cluster.kafkaBootstrap().isBlank()) {
            throw new ConfigException("Invalid value '' for " + source.describe("cluster.kafka.bootstrap-servers")
                    + ": expected host:port[,host:port...]");
        }
        if (!cluster.redisUri().startsWith("redis://") && !cluster.redisUri().startsWith("rediss://")) {
            throw new ConfigException("Invalid value '" + cluster.redisUri() + "' for " + source.describe("cluster.redis.uri")
                    + ": expected redis://host:port[/database] or rediss://...");
        }
        if (!cluster.postgresUrl().startsWith("jdbc:postgresql:")) {
            throw new ConfigException("Invalid value '" + cluster.postgresUrl() + "' for " + source.describe("cluster.postgres.url")
                    + ": expected jdbc:postgresql://host:port/database");
        }
        return cluster;
    }

    private static TlsConfig tlsConfig(ConfigSource source, boolean needed) {
        // The server's certificate comes either as PEM files or as one PKCS#12 / JKS keystore, never both.
        Path keystore = optionalFile(source, "tls.keystore-file", false);
        String keystorePassword = source.string("tls.keystore-password", "");
        if (keystore != null && (!source.string("tls.cert-file", "").isEmpty() || !source.string("tls.key-file", "").isEmpty())) {
            throw new ConfigException(source.describe("tls.keystore-file") + " and tls.cert-file/tls.key-file are both set:"
                    + " give the server certificate one way only");
        }
        Path cert = optionalFile(source, "tls.cert-file", needed && keystore == null);
        Path key = optionalFile(source, "tls.key-file", needed && keystore == null);
        String keyPassword = source.string("tls.key-password", "");
        Path trust = optionalFile(source, "tls.trust-file", false);
        ClientAuth clientAuth = source.choice("tls.client-auth", ClientAuth.NONE);
        if (clientAuth != ClientAuth.NONE && trust == null && needed) {
            throw new ConfigException("tls.client-auth is " + ConfigSource.configName(clientAuth) + " but "
                    + source.describe("tls.trust-file") + " names no CA certificates to check clients against");
        }
        java.util.List<String> protocols = list(source.string("tls.protocols", "TLSv1.3,TLSv1.2"));
        for (String protocol : protocols) {
            if (!protocol.equals("TLSv1.2") && !protocol.equals("TLSv1.3")) {
                throw new ConfigException("Invalid value '" + protocol + "' for " + source.describe("tls.protocols")
                        + ": only TLSv1.2 and TLSv1.3 are allowed");
            }
        }
        if (protocols.isEmpty()) {
            throw new ConfigException("Invalid value '' for " + source.describe("tls.protocols") + ": name TLSv1.2 and/or TLSv1.3");
        }
        return new TlsConfig(cert, key, keyPassword, keystore, keystorePassword, trust, clientAuth, protocols, list(source.string("tls.ciphers", "")));
    }

    private static java.util.List<dev.gannet.broker.auth.AuthProvider> authProviders(ConfigSource source) {
        java.util.List<dev.gannet.broker.auth.AuthProvider> providers = new java.util.ArrayList<>();
        for (String name : list(source.string("security.auth-providers", "x509,basic"))) {
            dev.gannet.broker.auth.AuthProvider provider = java.util.Arrays.stream(dev.gannet.broker.auth.AuthProvider.values())
                    .filter(p -> ConfigSource.configName(p).equalsIgnoreCase(name)).findFirst()
                    .orElseThrow(() -> new ConfigException("Invalid value '" + name + "' for "
                            + source.describe("security.auth-providers") + ": expected x509 and/or basic, in the order to try them"));
            if (providers.contains(provider)) {
                throw new ConfigException("Invalid value for " + source.describe("security.auth-providers")
                        + ": '" + name + "' is named twice");
            }
            providers.add(provider);
        }
        if (providers.isEmpty()) {
            throw new ConfigException("Invalid value '' for " + source.describe("security.auth-providers")
                    + ": name x509 and/or basic");
        }
        return java.util.List.copyOf(providers);
    }

    private static Path optionalFile(ConfigSource source, String key, boolean required) {
        String value = source.string(key, "");
        if (value.isEmpty()) {
            if (required) {
                throw new ConfigException("A TLS listener (or http.tls.enabled) is enabled but " + source.describe(key)
                        + " is not set (or give tls.keystore-file instead of tls.cert-file and tls.key-file)");
            }
            return null;
        }
        Path path = Path.of(value);
        if (!java.nio.file.Files.isReadable(path)) {
            throw new ConfigException("Cannot read the file '" + value + "' named by " + source.describe(key));
        }
        return path;
    }

    private static java.util.List<String> list(String commaSeparated) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return java.util.List.copyOf(out);
    }

    private static QueueLimits queueLimits(ConfigSource source, String prefix, int defaultMaxQueued) {
        return new QueueLimits(
                source.integer(prefix + ".max-queued-messages", defaultMaxQueued, 1, Integer.MAX_VALUE),
                source.longValue(prefix + ".max-message-age-seconds", 7L * 24 * 3600, 0, 0xFFFF_FFFFL),
                source.choice(prefix + ".queue-overflow", QueueOverflowPolicy.DROP_OLDEST));
    }

    public static BrokerConfig defaults() {
        return from(ConfigSource.of(Map.of()));
    }

    /** Reads every key from {@code source}, validating each, and rejects keys nothing reads. */
    public static BrokerConfig from(ConfigSource source) {
        MqttConfig mqtt = new MqttConfig(
                source.string("mqtt.host", "0.0.0.0"),
                source.integer("mqtt.port", 1883, 0, 65_535),
                source.integer("mqtt.max-packet-size", 1_048_576, 64, 268_435_455 + 5),
                source.integer("mqtt.connect-timeout-seconds", 10, 1, 3_600),
                source.integer("mqtt.max-connections", 0, 0, Integer.MAX_VALUE),
                source.bool("mqtt.allow-empty-client-id", true),
                source.integer("mqtt.max-client-id-length", 256, 23, 65_535),
                source.bool("mqtt.shared-subscriptions-enabled", true),
                source.integer("mqtt.max-qos", 2, 0, 2),
                source.bool("mqtt.retain-available", true),
                source.bool("mqtt.wildcard-subscriptions-enabled", true),
                source.bool("mqtt.subscription-identifiers-enabled", true),
                source.integer("mqtt.receive-maximum", 1_000, 1, 65_535),
                source.integer("mqtt.topic-alias-maximum", 16, 0, 65_535),
                source.integer("mqtt.max-keep-alive-seconds", 65_535, 1, 65_535),
                source.longValue("mqtt.max-session-expiry-seconds", 0xFFFF_FFFFL, 0, 0xFFFF_FFFFL),
                source.string("mqtt.response-information", ""));
        ListenersConfig listeners = new ListenersConfig(
                source.bool("mqtt.tcp-enabled", true),
                source.bool("mqtt.tls.enabled", false),
                source.integer("mqtt.tls.port", 8883, 0, 65_535),
                source.bool("mqtt.ws.enabled", false),
                source.integer("mqtt.ws.port", 8084, 0, 65_535),
                source.string("mqtt.ws.path", "/mqtt"),
                source.bool("mqtt.wss.enabled", false),
                source.integer("mqtt.wss.port", 8085, 0, 65_535),
                source.bool("mqtt.proxy-protocol", false),
                source.bool("mqtt.ws.trust-forwarded-for", false));
        if (!listeners.wsPath().startsWith("/")) {
            throw new ConfigException("Invalid value '" + listeners.wsPath() + "' for " + source.describe("mqtt.ws.path")
                    + ": expected a path starting with /");
        }
        HttpConfig http = new HttpConfig(
                source.bool("http.enabled", true),
                source.string("http.host", "0.0.0.0"),
                source.integer("http.port", 8083, 0, 65_535),
                source.bool("http.tls.enabled", false),
                source.integer("http.token-ttl-minutes", 60, 1, 7 * 24 * 60),
                source.integer("http.statistics-retention-days", 7, 1, 3_650));
        TlsConfig tls = tlsConfig(source, listeners.tlsEnabled() || listeners.wssEnabled() || (http.enabled() && http.tls()));
        SecurityConfig security = new SecurityConfig(
                source.bool("security.allow-anonymous", true),
                source.integer("security.max-subscriptions-per-client", 0, 0, Integer.MAX_VALUE),
                source.integer("security.max-connects-per-second", 0, 0, Integer.MAX_VALUE),
                source.integer("security.max-publishes-per-second-per-client", 0, 0, Integer.MAX_VALUE),
                source.string("security.admin-password", ""),
                authProviders(source));
        SessionConfig session = new SessionConfig(
                source.integer("session.max-inflight", 32, 1, 65_535),
                source.choice("session.default-client-type", dev.gannet.broker.session.ClientType.DEVICE),
                queueLimits(source, "session.device", 1_000),
                queueLimits(source, "session.application", 100_000));
        StorageConfig storage = new StorageConfig(
                source.choice("storage.fsync", dev.gannet.broker.storage.FsyncPolicy.INTERVAL),
                source.integer("storage.fsync-interval-ms", 100, 1, 60_000),
                source.longValue("storage.segment-bytes", 64L * 1024 * 1024, 64 * 1024, 16L * 1024 * 1024 * 1024),
                source.bool("storage.salvage", false));
        ClusterConfig cluster = clusterConfig(source);
        if (cluster.enabled() && mqtt.maxPacketSize() > ClusterConfig.MAX_PACKET_SIZE) {
            throw new ConfigException("Invalid value " + mqtt.maxPacketSize() + " for " + source.describe("mqtt.max-packet-size")
                    + ": in cluster mode (cluster.enabled) at most " + ClusterConfig.MAX_PACKET_SIZE
                    + " bytes, because each message travels through Kafka as one record");
        }
        String dataDir = source.string("data.dir", "data");
        if (dataDir.isEmpty()) {
            throw new ConfigException("Invalid value '' for " + source.describe("data.dir") + ": expected a directory path");
        }
        source.rejectUnknownKeys();
        return new BrokerConfig(mqtt, listeners, tls, security, session, storage, http, cluster, Path.of(dataDir),
                source.settings());
    }
}
