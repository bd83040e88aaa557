package dev.gannet.model.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialsValidationTest {

    private static List<String> fields(CredentialsRequest request, boolean creating) {
        return CredentialsValidation.problems(request, creating).stream().map(FieldProblem::field).toList();
    }

    @Test
    void basic_credentials_need_a_client_id_or_a_user_name_and_valid_rules() {
        assertThat(fields(CredentialsRequest.basic("ok", ClientType.DEVICE, null, "u", "pw", List.of("a/.*"), null), true)).isEmpty();
        assertThat(fields(CredentialsRequest.basic("ok", null, "c", null, null, null, null), true)).isEmpty();
        assertThat(fields(CredentialsRequest.basic("x", ClientType.DEVICE, null, " ", "pw", null, null), true)).containsExactly("clientId");
        assertThat(fields(CredentialsRequest.basic("x", ClientType.DEVICE, "c", null, "", null, null), true)).containsExactly("password");
        assertThat(fields(CredentialsRequest.basic("x", ClientType.DEVICE, "c", null, null, List.of("a/.*", "(", ""),
                List.of("[")), true)).containsExactly("pubAuthRulePatterns[1]", "pubAuthRulePatterns[2]", "subAuthRulePatterns[0]");
        assertThat(fields(CredentialsRequest.basic("", ClientType.DEVICE, "c", null, null, null, null), true)).containsExactly("name");
        assertThat(fields(CredentialsRequest.basic("n".repeat(256), ClientType.DEVICE, "c", null, null, null, null), true))
                .containsExactly("name");
    }

    @Test
    void x509_and_scram_credentials_have_their_own_needs() {
        assertThat(fields(new CredentialsRequest("ca", CredentialsType.X_509, null, null, null, null, "My CA", "dev-.*", null, null, null),
                true)).isEmpty();
        assertThat(fields(new CredentialsRequest("ca", CredentialsType.X_509, null, null, null, "pw", null, "(", null, null, null), true))
                .containsExactly("certCommonName", "password", "certCnPattern");
        assertThat(fields(new CredentialsRequest("s", CredentialsType.SCRAM, null, null, "u", "pw", null, null, "SHA_256", null, null),
                true)).isEmpty();
        assertThat(fields(new CredentialsRequest("s", CredentialsType.SCRAM, null, null, "u", null, null, null, "SHA_256", null, null),
                false)).as("an update may keep the keys").isEmpty();
        assertThat(fields(new CredentialsRequest("s", CredentialsType.SCRAM, null, null, null, null, null, null, "MD5", null, null), true))
                .containsExactly("userName", "scramAlgorithm", "password");
        assertThat(fields(new CredentialsRequest("s", null, null, null, null, null, null, null, null, null, null), true))
                .containsExactly("credentialsType");
    }

    @Test
    void a_regex_problem_says_where() {
        assertThat(CredentialsValidation.regexProblem("sensors/.*")).isNull();
        assertThat(CredentialsValidation.regexProblem("sensors/(")).contains("not a valid regular expression").contains("index");
    }
}
