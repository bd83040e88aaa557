package dev.gannet.model.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules credentials must follow, checked by the broker before it stores them and by the
 * console as an operator types.
 *
 * <ul>
 *   <li>every type: a name (at most 255 characters) and a type;</li>
 *   <li>MQTT_BASIC: a client id, a user name or both;</li>
 *   <li>X_509: the common name the credentials are keyed by, no password;</li>
 *   <li>SCRAM: a user name, SHA_256 or SHA_512, and a password when created;</li>
 *   <li>every authorization rule a valid regular expression.</li>
 * </ul>
 */
public final class CredentialsValidation {

    public static final int MAX_NAME_LENGTH = 255;

    private CredentialsValidation() {
    }

    /**
     * The problems of {@code request}, in field order; empty when it may be stored.
     *
     * @param creating true for new credentials, false when replacing stored ones (a SCRAM password may then be left out)
     */
    public static List<FieldProblem> problems(CredentialsRequest request, boolean creating) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request == null) {
            problems.add(new FieldProblem("body", "a credentials object is required"));
            return problems;
        }
        if (isBlank(request.name())) {
            problems.add(new FieldProblem("name", "a name is required"));
        } else if (request.name().length() > MAX_NAME_LENGTH) {
            problems.add(new FieldProblem("name", "at most " + MAX_NAME_LENGTH + " characters"));
        }
        if (request.credentialsType() == null) {
            problems.add(new FieldProblem("credentialsType", "one of MQTT_BASIC, X_509, SCRAM is required"));
            return problems;
        }
        switch (request.credentialsType()) {
            case MQTT_BASIC -> {
                if (isBlank(request.clientId()) && isBlank(request.userName())) {
                    problems.add(new FieldProblem("clientId", "MQTT_BASIC credentials need a client id, a user name or both"));
                }
                if (request.password() != null && request.password().isEmpty()) {
                    problems.add(new FieldProblem("password", "an empty password is not allowed: leave it out to ask for none"));
                }
            }
            case X_509 -> {
                if (isBlank(request.certCommonName())) {
                    problems.add(new FieldProblem("certCommonName",
                            "X_509 credentials need the common name of the certificate they are keyed by (usually the issuing CA)"));
                }
                if (request.password() != null) {
                    problems.add(new FieldProblem("password", "X_509 credentials have no password"));
                }
                String patternProblem = regexProblem(request.certCnPattern());
                if (request.certCnPattern() != null && patternProblem != null) {
                    problems.add(new FieldProblem("certCnPattern", patternProblem));
                }
            }
            case SCRAM -> {
                if (isBlank(request.userName())) {
                    problems.add(new FieldProblem("userName", "SCRAM credentials need a user name"));
                }
                if (!"SHA_256".equals(request.scramAlgorithm()) && !"SHA_512".equals(request.scramAlgorithm())) {
                    problems.add(new FieldProblem("scramAlgorithm", "SHA_256 or SHA_512 is required"));
                }
                if (creating && isBlank(request.password())) {
                    problems.add(new FieldProblem("password", "SCRAM credentials need a password"));
                }
            }
        }
        rulesProblems("pubAuthRulePatterns", request.pubAuthRulePatterns(), problems);
        rulesProblems("subAuthRulePatterns", request.subAuthRulePatterns(), problems);
        return problems;
    }

    private static void rulesProblems(String field, List<String> patterns, List<FieldProblem> problems) {
        if (patterns == null) {
            return;
        }
        for (int i = 0; i < patterns.size(); i++) {
            String problem = regexProblem(patterns.get(i));
            if (problem != null) {
                problems.add(new FieldProblem(field + "[" + i + "]", problem));
            }
        }
    }

    /** Why {@code regex} is not a usable authorization rule, or null when it is. */
    public static String regexProblem(String regex) {
        if (regex == null || regex.isEmpty()) {
            return "a rule must not be empty (use .* for any topic)";
        }
        try {
            Pattern.compile(regex);
            return null;
        } catch (PatternSyntaxException e) {
            return "not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex();
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
