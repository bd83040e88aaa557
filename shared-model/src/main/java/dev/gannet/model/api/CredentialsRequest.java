package dev.gannet.model.api;

import java.util.List;

/**
 * Credentials to create ({@code POST /api/credentials}) or to replace ({@code PUT /api/credentials/{id}}).
 * {@link CredentialsValidation} says what each type needs.
 *
 * @param clientType DEVICE or APPLICATION; null means DEVICE
 * @param password   MQTT_BASIC: the password (null: none asked, or on update: keep the stored one);
 *                   SCRAM: the password the keys are derived from (on update, null keeps the keys)
 * @param pubAuthRulePatterns null allows every topic; an empty list allows none
 * @param subAuthRulePatterns null allows every filter; an empty list allows none
 */
public record CredentialsRequest(String name, CredentialsType credentialsType, ClientType clientType, String clientId,
                                 String userName, String password, String certCommonName, String certCnPattern,
                                 String scramAlgorithm, List<String> pubAuthRulePatterns,
                                 List<String> subAuthRulePatterns) {

    /** MQTT_BASIC credentials. */
    public static CredentialsRequest basic(String name, ClientType clientType, String clientId, String userName,
                                           String password, List<String> pubAuthRulePatterns, List<String> subAuthRulePatterns) {
        return new CredentialsRequest(name, CredentialsType.MQTT_BASIC, clientType, clientId, userName, password, null, null,
                null, pubAuthRulePatterns, subAuthRulePatterns);
    }

    @Override
    public String toString() {
        return "CredentialsRequest[" + name + ", " + credentialsType + ", clientId=" + clientId + ", userName=" + userName
                + ", password=" + (password == null ? "null" : "***") + "]";
    }
}
