package dev.gannet.broker.auth;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Who a connection is, as far as authentication and authorization care.
 *
 * @param clientId      the client identifier (assigned by the broker if the client sent none)
 * @param username      the user name from CONNECT, or null
 * @param remoteAddress "ip:port" of the peer
 * @param certificates  the client's verified TLS certificate chain, leaf first; empty without one
 */
public record ClientIdentity(String clientId, String username, String remoteAddress, List<X509Certificate> certificates) {

    public ClientIdentity {
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
    }

    public ClientIdentity(String clientId, String username, String remoteAddress) {
        this(clientId, username, remoteAddress, List.of());
    }
}
