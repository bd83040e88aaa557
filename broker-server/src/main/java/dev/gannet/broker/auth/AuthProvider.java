package dev.gannet.broker.auth;

/**
 * The credential kinds a CONNECT is checked against, in the order {@code security.auth-providers}
 * names them ("x509", "basic"). (SCRAM is not in the chain: a client asks for it by its MQTT 5
 * authentication method.)
 */
public enum AuthProvider {
    /** X_509 credentials, matched on the verified TLS client certificate chain. */
    X509,
    /** MQTT_BASIC credentials, matched on user name and client id, with a bcrypt password. */
    BASIC
}
