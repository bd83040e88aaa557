package dev.gannet.broker.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.gannet.broker.metadata.AdminUser;
import dev.gannet.broker.testing.TestBroker;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The first administrator is created once: with the configured password, or a generated one shown once. */
class FirstAdministratorIT {

    private static boolean verifies(String password, AdminUser admin) {
        return BCrypt.verifyer().verify(password.toCharArray(), admin.passwordHash()).verified;
    }

    @Test
    void a_fresh_broker_creates_admin_with_a_generated_password_shown_once() throws Exception {
        TestBroker broker = TestBroker.start();
        try {
            String generated = broker.server().generatedAdminPassword().orElseThrow();
            AdminUser admin = broker.server().metadata().adminUsers().find("admin").orElseThrow();
            assertThat(verifies(generated, admin)).isTrue();
            assertThat(admin.passwordHash()).as("only a hash is stored").doesNotContain(generated);
            broker = broker.restart();
            assertThat(broker.server().generatedAdminPassword()).as("not generated again").isEmpty();
            assertThat(verifies(generated, broker.server().metadata().adminUsers().find("admin").orElseThrow())).isTrue();
        } finally {
            broker.close();
        }
    }

    @Test
    void a_configured_password_is_used_and_never_shown() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("security.admin-password", "correct horse battery staple"))) {
            assertThat(broker.server().generatedAdminPassword()).isEmpty();
            assertThat(broker.server().config().security().toString()).doesNotContain("correct horse");
            assertThat(verifies("correct horse battery staple",
                    broker.server().metadata().adminUsers().find("admin").orElseThrow())).isTrue();
        }
    }
}
