package dev.gannet.broker.mqtt;

/**
 * Fired into every connection's pipeline when the broker stops: MQTT 5 clients get DISCONNECT
 * 0x8B (server shutting down), others are closed. Each connection handles it on its own loop.
 */
public final class ServerShuttingDown {

    public static final ServerShuttingDown INSTANCE = new ServerShuttingDown();

    private ServerShuttingDown() {
    }
}
