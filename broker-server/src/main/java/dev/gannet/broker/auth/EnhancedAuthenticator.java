package dev.gannet.broker.auth;

/**
 * An MQTT 5 enhanced authentication method (MQTT 5 section 4.12), such as SCRAM-SHA-256: the
 * client names it in CONNECT's Authentication Method and the two sides exchange AUTH packets until
 * the method succeeds or fails. The broker carries the packets; the method decides.
 */
public interface EnhancedAuthenticator {

    /** The Authentication Method name clients use, e.g. "SCRAM-SHA-256". */
    String method();

    /**
     * Starts an exchange for one connection; {@code reauthentication} is true when an already
     * connected client asked to authenticate again (AUTH reason 0x19).
     */
    Exchange begin(ClientIdentity identity, boolean reauthentication);

    /** The state of one exchange; called on the connection's event loop, one step at a time. */
    interface Exchange {
        /** Answers the client's authentication data (null when the client sent none). */
        AuthStep step(byte[] clientData);
    }
}
