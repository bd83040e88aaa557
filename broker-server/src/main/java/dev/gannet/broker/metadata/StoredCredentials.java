package dev.gannet.broker.metadata;

import java.util.Objects;

/**
 * One set of MQTT client credentials as stored (TBMQ's model).
 *
 * @param credentialsType   MQTT_BASIC, X_509 or SCRAM
 * @param clientType        DEVICE or APPLICATION
 * @param credentialsId     the matching key, unique across all credentials
 * @param credentialsValue  a JSON document with the secrets and authorization rules
 */
public record StoredCredentials(String id, String name, String credentialsType, String clientType,
                                String credentialsId, String credentialsValue, long createdAt, long updatedAt) {

    public StoredCredentials {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(credentialsType, "credentialsType");
        Objects.requireNonNull(clientType, "clientType");
        Objects.requireNonNull(credentialsId, "credentialsId");
        Objects.requireNonNull(credentialsValue, "credentialsValue");
    }
}
