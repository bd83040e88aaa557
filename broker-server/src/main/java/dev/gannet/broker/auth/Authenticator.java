package dev.gannet.broker.auth;

/**
 * Decides whether a CONNECT may open a session. Called on a worker thread, never on a network
 * thread, so an implementation may take the time a password hash needs; the connection's reads wait.
 */
@FunctionalInterface
public interface Authenticator {

    /** Lets every client in: the quick-start default until credentials are configured. */
    Authenticator ALLOW_ANONYMOUS = (identity, password) -> AuthenticationResult.ACCEPTED;

    AuthenticationResult authenticate(ClientIdentity identity, byte[] password);

    /** The result with the client's type and permissions; credentials-based authenticators override this. */
    default Authentication authenticateFully(ClientIdentity identity, byte[] password) {
        return Authentication.of(authenticate(identity, password));
    }
}
