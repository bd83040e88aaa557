package dev.gannet.broker.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The whole typed configuration. Each key is documented in the README; each is overridable by an
 * environment variable ({@link ConfigSource#environmentVariable(String)}).
 */
public record BrokerConfig(MqttConfig mqtt, SessionConfig session, StorageConfig storage, HttpConfig http, Path dataDir) {

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

    /** The management endpoint (served from the management issue on). */
    public record HttpConfig(String host, int port) {
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
        HttpConfig http = new HttpConfig(
                source.string("http.host", "0.0.0.0"),
                source.integer("http.port", 8083, 0, 65_535));
        String dataDir = source.string("data.dir", "data");
        if (dataDir.isEmpty()) {
            throw new ConfigException("Invalid value '' for " + source.describe("data.dir") + ": expected a directory path");
        }
        source.rejectUnknownKeys();
        return new BrokerConfig(mqtt, session, storage, http, Path.of(dataDir));
    }
}
