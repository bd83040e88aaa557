package dev.gannet.broker.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * The value of MQTT_BASIC credentials, in TBMQ's JSON form: matched by client id, user name, or
 * both; a bcrypt hash of the password (or none: no password is asked); authorization rules as
 * regular expressions over topics.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BasicCredentials(String clientId, String userName, String password, AuthRules authRules) {

    /** Publish and subscribe rules; an absent list allows everything. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuthRules(List<String> pubAuthRulePatterns, List<String> subAuthRulePatterns) {
    }

    /** The unique matching key of credentials with this client id and/or user name. */
    public static String matchingKey(String clientId, String userName) {
        if (clientId != null && userName != null) {
            return "user:" + userName + "|client:" + clientId;
        }
        return userName != null ? "user:" + userName : "client:" + clientId;
    }

    public String matchingKey() {
        return matchingKey(clientId, userName);
    }
}
