package dev.gannet.broker.auth;

/**
 * Who a connection is, as far as authentication and authorization care.
 *
 * @param clientId      the client identifier (assigned by the broker if the client sent none)
 * @param username      the user name from CONNECT, or null
 * @param remoteAddress "ip:port" of the peer
 */
public record ClientIdentity(String clientId, String username, String remoteAddress) {
}
