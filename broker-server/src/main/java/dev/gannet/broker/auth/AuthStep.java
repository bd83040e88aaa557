package dev.gannet.broker.auth;

/**
 * One step of an MQTT 5 enhanced authentication exchange, as decided by the method.
 *
 * @param outcome     what happens next
 * @param data        authentication data to send to the client (may be null)
 * @param clientType  on success: the client's type, or null for the configured default
 * @param permissions on success: what the client may publish and subscribe to
 */
public record AuthStep(Outcome outcome, byte[] data, dev.gannet.broker.session.ClientType clientType, Permissions permissions) {

    public AuthStep {
        permissions = permissions == null ? Permissions.ALL : permissions;
    }

    public AuthStep(Outcome outcome, byte[] data) {
        this(outcome, data, null, Permissions.ALL);
    }

    public enum Outcome {
        /** Send AUTH with reason 0x18 and {@code data}; the client answers with another AUTH. */
        CONTINUE,
        /** The client is authenticated; {@code data} goes in the CONNACK (or the final AUTH on re-authentication). */
        SUCCESS,
        /** The client is refused: CONNACK 0x87 at connect, DISCONNECT 0x87 on re-authentication. */
        FAILURE
    }

    public static AuthStep continueWith(byte[] data) {
        return new AuthStep(Outcome.CONTINUE, data);
    }

    public static AuthStep success(byte[] data) {
        return new AuthStep(Outcome.SUCCESS, data);
    }

    public static AuthStep failure() {
        return new AuthStep(Outcome.FAILURE, null);
    }
}
