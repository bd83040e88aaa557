package dev.gannet.model.api;

/** TBMQ's two kinds of MQTT client, each with its own limits on queued messages. */
public enum ClientType {
    /** Publishes a lot and receives little. */
    DEVICE,
    /** Subscribes to high rates and needs every message while offline. */
    APPLICATION
}
