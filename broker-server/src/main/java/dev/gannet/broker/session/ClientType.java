package dev.gannet.broker.session;

/**
 * What kind of client a session serves, as TBMQ defines them: each type has its own limits on
 * queued messages and their age. The type comes from the client's credentials, or the configured
 * default ({@code session.default-client-type}).
 */
public enum ClientType {
    /** Publishes a lot and receives little: a small offline queue is enough. */
    DEVICE,
    /** Subscribes to high rates and needs every message while offline: a large queue. */
    APPLICATION
}
