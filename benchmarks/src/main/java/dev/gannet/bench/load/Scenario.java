package dev.gannet.bench.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** TBMQ's load shapes, scaled for a small machine by their defaults (every default can be overridden). */
public enum Scenario {
    /** Many publishers, few subscribers; each subscriber takes one group of publishers through a {@code +} filter. */
    FAN_IN("fan-in", "many publishers to few subscribers", true),
    /** Each publisher to its own subscriber, persistent (DEVICE) sessions, QoS 1. */
    POINT_TO_POINT("p2p", "each publisher to its own persistent subscriber", true),
    /** Few publishers, many subscribers; every subscriber takes every message. */
    FAN_OUT("fan-out", "few publishers to many subscribers", true),
    /** Many clients connect as fast as the broker lets them. */
    CONNECTION_STORM("storm", "connects a second, time to all connected", false),
    /** Many clients connect and stay idle; broker memory per connection. */
    IDLE_CONNECTIONS("idle", "idle connections held, memory per connection", false);

    private final String id;
    private final String description;
    private final boolean messaging;

    Scenario(String id, String description, boolean messaging) {
        this.id = id;
        this.description = description;
        this.messaging = messaging;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** Publishers and subscribers exchange messages (as opposed to connection scenarios). */
    public boolean messaging() {
        return messaging;
    }

    public static Scenario of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "fan-in", "fanin" -> FAN_IN;
            case "p2p", "point-to-point" -> POINT_TO_POINT;
            case "fan-out", "fanout" -> FAN_OUT;
            case "storm", "connection-storm" -> CONNECTION_STORM;
            case "idle", "idle-connections" -> IDLE_CONNECTIONS;
            default -> throw new IllegalArgumentException("Unknown scenario '" + name + "'; known: " + ids());
        };
    }

    public static String ids() {
        return Arrays.stream(values()).map(Scenario::id).collect(Collectors.joining(", "));
    }
}
