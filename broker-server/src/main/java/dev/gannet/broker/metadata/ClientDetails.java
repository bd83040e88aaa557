package dev.gannet.broker.metadata;

/**
 * The last known facts about a client.
 *
 * @param lastDisconnectedAt epoch milliseconds, or null while it has never disconnected
 */
public record ClientDetails(String clientId, String clientType, String username, String protocolVersion,
                            String remoteAddress, String nodeId, boolean connected, long lastConnectedAt,
                            Long lastDisconnectedAt) {
}
