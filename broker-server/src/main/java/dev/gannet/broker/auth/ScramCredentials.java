package dev.gannet.broker.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.gannet.broker.auth.scram.ScramAlgorithm;
import dev.gannet.broker.auth.scram.ScramKeys;

import java.util.Base64;

/**
 * The value of SCRAM credentials: the keys derived from the password (never the password), base64,
 * and authorization rules.
 *
 * @param algorithm SHA_256 or SHA_512
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScramCredentials(String userName, String algorithm, String salt, int iterations, String storedKey,
                               String serverKey, BasicCredentials.AuthRules authRules) {

    public static String matchingKey(ScramAlgorithm algorithm, String userName) {
        return algorithm.mechanism().toLowerCase(java.util.Locale.ROOT) + ":" + userName;
    }

    /** Credentials for {@code password}, with a random salt. */
    public static ScramCredentials of(ScramAlgorithm algorithm, String userName, String password, int iterations,
                                      BasicCredentials.AuthRules rules) {
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        ScramKeys keys = ScramKeys.derive(algorithm, password, salt, iterations);
        Base64.Encoder base64 = Base64.getEncoder();
        return new ScramCredentials(userName, algorithm.name(), base64.encodeToString(salt), iterations,
                base64.encodeToString(keys.storedKey()), base64.encodeToString(keys.serverKey()), rules);
    }
}
