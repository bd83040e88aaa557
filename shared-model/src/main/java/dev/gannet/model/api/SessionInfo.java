package dev.gannet.model.api;

/**
 * One client session as listed: connected, or persistent and waiting for its client.
 *
 * @param address          the client's address (host:port) on its current or last connection; null when unknown
 * @param protocolVersion  "3.1", "3.1.1" or "5"; null when unknown (a session restored after a restart)
 * @param persistent       true when the session outlives its connection
 * @param expiryIntervalSeconds how long it outlives its connection (4294967295: never expires)
 * @param connectedAt      epoch milliseconds of the current or last connection; null when unknown
 * @param subscriptions    how many subscriptions it holds
 * @param queued           messages waiting to be sent
 * @param inflight         QoS 1/2 messages sent and not yet acknowledged
 */
public record SessionInfo(String clientId, boolean connected, String address, String protocolVersion,
                          ClientType clientType, String nodeId, String username, boolean persistent,
                          long expiryIntervalSeconds, Long connectedAt, int subscriptions, int queued, int inflight) {
}
