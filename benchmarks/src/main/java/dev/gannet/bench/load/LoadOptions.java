package dev.gannet.bench.load;

import java.time.Duration;
import java.util.Set;

/**
 * What one scenario run does: client counts, rate, payload, QoS, timing. Built from command-line
 * options with per-scenario defaults ({@link #from}); {@link #withRate} derives the half-peak run.
 *
 * @param publishers          publishing clients (for p2p: pairs)
 * @param subscribers         subscribing clients (for p2p: equal to publishers)
 * @param clients             clients of the connection scenarios
 * @param ratePerPublisher    messages a second each publisher sends; 0: as fast as {@code window} allows
 * @param window              unlimited rate only: messages on their way end to end per subscriber connection
 * @param inflight            most unacknowledged QoS 1/2 publishes per publisher
 * @param persistent          subscribers use persistent sessions (CleanSession=0)
 * @param connectConcurrency  CONNECTs awaiting CONNACK at once
 */
public record LoadOptions(Scenario scenario, String host, int port, int publishers, int subscribers, int clients,
                          double ratePerPublisher, int payloadBytes, int qos, boolean persistent, Duration warmup,
                          Duration duration, Duration drainTimeout, int window, int inflight, int connectConcurrency,
                          int keepAliveSeconds, int ioThreads) {

    /** Option names {@link #from} reads. */
    public static final Set<String> OPTION_NAMES = Set.of("host", "port", "publishers", "subscribers", "clients", "rate",
            "payload", "qos", "persistent", "warmup", "duration", "drain-timeout", "window", "inflight",
            "connect-concurrency", "keepalive", "io-threads");

    public LoadOptions {
        if (payloadBytes < Payload.HEADER_BYTES) {
            throw new IllegalArgumentException("--payload must be at least " + Payload.HEADER_BYTES
                    + " bytes (send time, publisher and sequence number), not " + payloadBytes);
        }
        if (scenario == Scenario.POINT_TO_POINT && publishers != subscribers) {
            throw new IllegalArgumentException("p2p pairs each publisher with its own subscriber: --publishers and --subscribers must match");
        }
        if (scenario == Scenario.FAN_IN && subscribers > publishers) {
            throw new IllegalArgumentException("fan-in needs at least as many publishers as subscribers");
        }
    }

    public static LoadOptions from(Scenario scenario, Options o) {
        int publishers;
        int subscribers;
        int qos;
        switch (scenario) {
            case FAN_IN -> {
                publishers = o.integer("publishers", 200, 1, 1_000_000);
                subscribers = o.integer("subscribers", 4, 1, 1_000_000);
                qos = o.integer("qos", 0, 0, 2);
            }
            case POINT_TO_POINT -> {
                publishers = o.integer("publishers", 100, 1, 1_000_000);
                subscribers = o.integer("subscribers", publishers, 1, 1_000_000);
                qos = o.integer("qos", 1, 0, 2);
            }
            case FAN_OUT -> {
                publishers = o.integer("publishers", 2, 1, 1_000_000);
                subscribers = o.integer("subscribers", 200, 1, 1_000_000);
                qos = o.integer("qos", 0, 0, 2);
            }
            default -> {
                publishers = 0;
                subscribers = 0;
                qos = 0;
            }
        }
        int clients = o.integer("clients", scenario == Scenario.IDLE_CONNECTIONS ? 10_000 : 5_000, 1, 10_000_000);
        boolean persistent = o.has("persistent") ? o.flag("persistent") : scenario == Scenario.POINT_TO_POINT;
        return new LoadOptions(scenario, o.text("host", "127.0.0.1"), o.integer("port", 1883, 1, 65535),
                publishers, subscribers, clients, o.rate("rate", 0), o.integer("payload", 64, 1, 16 * 1024 * 1024), qos,
                persistent, o.duration("warmup", Duration.ofSeconds(3)), o.duration("duration", Duration.ofSeconds(10)),
                o.duration("drain-timeout", Duration.ofSeconds(20)), o.integer("window", 100, 1, 1_000_000),
                o.integer("inflight", 1000, 1, 65_000), o.integer("connect-concurrency", 200, 1, 100_000),
                o.integer("keepalive", 60, 0, 65535), o.integer("io-threads", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 256));
    }

    public LoadOptions withPort(int newPort) {
        return new LoadOptions(scenario, host, newPort, publishers, subscribers, clients, ratePerPublisher, payloadBytes, qos,
                persistent, warmup, duration, drainTimeout, window, inflight, connectConcurrency, keepAliveSeconds, ioThreads);
    }

    public LoadOptions withRate(double newRatePerPublisher) {
        return new LoadOptions(scenario, host, port, publishers, subscribers, clients, newRatePerPublisher, payloadBytes, qos,
                persistent, warmup, duration, drainTimeout, window, inflight, connectConcurrency, keepAliveSeconds, ioThreads);
    }

    /** Publishers whose messages one subscriber receives. */
    public int publishersPerSubscriber() {
        return switch (scenario) {
            case FAN_IN -> (publishers + subscribers - 1) / subscribers;
            case POINT_TO_POINT -> 1;
            case FAN_OUT -> publishers;
            default -> 0;
        };
    }

    /** Subscribers each message reaches. */
    public int fanout() {
        return scenario == Scenario.FAN_OUT ? subscribers : 1;
    }

    /** Unlimited rate: messages of one publisher on their way at once, so each subscriber has about {@link #window}. */
    public int windowPerPublisher() {
        return Math.max(1, window / Math.max(1, publishersPerSubscriber()));
    }

    /** One line for the log. */
    public String summary() {
        String rate = ratePerPublisher == 0 ? "unlimited (window " + window + " per subscriber)"
                : String.format("%,.1f msg/s per publisher", ratePerPublisher);
        return switch (scenario) {
            case CONNECTION_STORM, IDLE_CONNECTIONS -> String.format("%s: %,d clients, %d CONNECTs at once, keep-alive %d s",
                    scenario.id(), clients, connectConcurrency, keepAliveSeconds);
            default -> String.format("%s: %,d publishers, %,d subscribers, QoS %d, %d-byte payloads, rate %s, %s sessions, "
                    + "warm-up %s, measured %s", scenario.id(), publishers, subscribers, qos, payloadBytes, rate,
                    persistent ? "persistent" : "clean", seconds(warmup), seconds(duration));
        };
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
