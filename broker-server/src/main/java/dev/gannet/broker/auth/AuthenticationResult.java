package dev.gannet.broker.auth;

/** The outcome of checking a CONNECT's credentials; each refusal maps to its own CONNACK code. */
public enum AuthenticationResult {
    ACCEPTED,
    /** CONNACK 0x04 (3.1.1) / 0x86 (5.0): the user name or password is wrong or malformed. */
    BAD_USERNAME_OR_PASSWORD,
    /** CONNACK 0x05 (3.1.1) / 0x87 (5.0): the client is known but may not connect. */
    NOT_AUTHORIZED
}
