package dev.gannet.broker.auth;

import dev.gannet.broker.session.ClientType;

/**
 * The full answer to a CONNECT's credentials.
 *
 * @param clientType  the type the credentials give the client, or null for the configured default
 * @param permissions what the client may publish and subscribe to
 */
public record Authentication(AuthenticationResult result, ClientType clientType, Permissions permissions) {

    public static Authentication of(AuthenticationResult result) {
        return new Authentication(result, null, Permissions.ALL);
    }
}
