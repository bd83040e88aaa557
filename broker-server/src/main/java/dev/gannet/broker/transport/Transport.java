package dev.gannet.broker.transport;

/** The ways MQTT reaches the broker; each listener speaks one. */
public enum Transport {
    TCP("mqtt"),
    TLS("mqtts"),
    WS("ws"),
    WSS("wss");

    private final String scheme;

    Transport(String scheme) {
        this.scheme = scheme;
    }

    /** The URL scheme clients use for it. */
    public String scheme() {
        return scheme;
    }

    boolean encrypted() {
        return this == TLS || this == WSS;
    }

    boolean webSocket() {
        return this == WS || this == WSS;
    }
}
