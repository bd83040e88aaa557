package dev.gannet.broker.auth;

/**
 * Decides whether a CONNECT may open a session. Called on the connection's event loop, so an
 * implementation must answer from memory or a cache, never block on I/O.
 */
@FunctionalInterface
public interface Authenticator {

    /** Lets every client in: the quick-start default until credentials are configured. */
    Authenticator ALLOW_ANONYMOUS = (identity, password) -> AuthenticationResult.ACCEPTED;

    AuthenticationResult authenticate(ClientIdentity identity, byte[] password);
}
