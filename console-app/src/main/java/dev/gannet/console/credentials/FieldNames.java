package dev.gannet.console.credentials;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The words the editor uses for the API's field names ("clientId" is "Client id"). */
final class FieldNames {

    private static final Map<String, String> LABELS = Map.of(
            "name", "Name",
            "credentialsType", "Type",
            "clientType", "Client type",
            "clientId", "Client id",
            "userName", "User name",
            "password", "Password",
            "certCommonName", "Certificate common name",
            "certCnPattern", "Certificate CN pattern",
            "scramAlgorithm", "Algorithm");
    private static final Pattern RULE = Pattern.compile("(pub|sub)AuthRulePatterns\\[(\\d+)]");

    private FieldNames() {
    }

    /** "Publish rule 2" for "pubAuthRulePatterns[1]"; the field itself when unknown; "" for null. */
    static String label(String field) {
        if (field == null) {
            return "";
        }
        Matcher rule = RULE.matcher(field);
        if (rule.matches()) {
            return (rule.group(1).equals("pub") ? "Publish" : "Subscribe") + " rule " + (Integer.parseInt(rule.group(2)) + 1);
        }
        return LABELS.getOrDefault(field, field);
    }

    /** "Client id: message", or the message alone when it names no field. */
    static String describe(String field, String message) {
        String label = label(field);
        return label.isEmpty() ? message : label + ": " + message;
    }
}
