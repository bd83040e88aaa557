package dev.gannet.model.api;

import java.util.List;

/**
 * MQTT client credentials as the API shows them: never a password or a key, only whether one is set.
 *
 * @param clientId       MQTT_BASIC: the client id matched, or null
 * @param userName       MQTT_BASIC and SCRAM: the user name matched, or null
 * @param passwordSet    true when a password (MQTT_BASIC) or SCRAM keys are stored
 * @param certCommonName X_509: the common name of the certificate (usually a CA) the credentials are keyed by
 * @param certCnPattern  X_509: a regular expression the client certificate's own common name must match
 * @param scramAlgorithm SCRAM: SHA_256 or SHA_512
 * @param pubAuthRulePatterns regular expressions over topic names the client may publish to; null: any
 * @param subAuthRulePatterns regular expressions over topic filters the client may subscribe to; null: any
 */
public record Credentials(String id, String name, CredentialsType credentialsType, ClientType clientType,
                          String clientId, String userName, boolean passwordSet, String certCommonName,
                          String certCnPattern, String scramAlgorithm, List<String> pubAuthRulePatterns,
                          List<String> subAuthRulePatterns, long createdAt, long updatedAt) {
}
