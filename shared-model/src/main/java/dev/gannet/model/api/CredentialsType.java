package dev.gannet.model.api;

/** How a client proves who it is. */
public enum CredentialsType {
    /** Client id and/or user name, optionally with a password. */
    MQTT_BASIC,
    /** A TLS client certificate issued under a named certificate. */
    X_509,
    /** MQTT 5 enhanced authentication with SCRAM-SHA-256 or SCRAM-SHA-512. */
    SCRAM
}
