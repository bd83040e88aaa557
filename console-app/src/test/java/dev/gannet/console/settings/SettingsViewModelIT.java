package dev.gannet.console.settings;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.testing.ConsoleTestBroker;
import dev.gannet.model.api.ConfigEntry;
import dev.gannet.model.client.ApiException;
import dev.gannet.model.client.GannetClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings view model against a real broker: its configuration, its facts, its administrators. */
class SettingsViewModelIT {

    private final ConsoleTestBroker broker = ConsoleTestBroker.start(Map.of("mqtt.max-qos", "1"));
    private final SettingsViewModel model = new SettingsViewModel(broker.admin(), BackgroundTasks.sameThread());

    @AfterEach
    void stop() {
        broker.close();
    }

    private ConfigEntry entry(String key) {
        return model.configuration().stream().filter(e -> e.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError(key + " is not shown"));
    }

    @Test
    void shows_the_running_configuration_with_secrets_masked_and_filters_it() {
        model.refresh();

        assertThat(model.configErrorProperty().get()).isEmpty();
        assertThat(entry("mqtt.port").value()).isEqualTo("0");
        assertThat(entry("mqtt.port").environmentVariable()).isEqualTo("GANNET_MQTT_PORT");
        assertThat(entry("mqtt.max-qos").value()).isEqualTo("1");
        assertThat(entry("mqtt.max-qos").source()).isEqualTo("file");
        assertThat(entry("mqtt.receive-maximum").source()).isEqualTo("default");
        assertThat(entry("security.admin-password").value()).isEqualTo("***");
        int all = model.configuration().size();
        assertThat(model.configCountProperty().get()).isEqualTo(all + " keys");

        model.configFilterProperty().set("MQTT.TLS");
        assertThat(model.configuration()).isNotEmpty().allSatisfy(e -> assertThat(e.key()).startsWith("mqtt.tls."));
        assertThat(model.configCountProperty().get()).isEqualTo(model.configuration().size() + " of " + all + " keys");

        model.configFilterProperty().set("GANNET_SECURITY_ADMIN_PASSWORD");
        assertThat(model.configuration()).extracting(ConfigEntry::key).containsExactly("security.admin-password");

        model.configFilterProperty().set("");
        assertThat(model.configuration()).hasSize(all);
    }

    @Test
    void the_about_facts_name_the_broker_and_the_endpoint() {
        model.refresh();

        assertThat(model.aboutErrorProperty().get()).isEmpty();
        assertThat(model.brokerVersionProperty().get()).isEqualTo(broker.server().version());
        assertThat(model.nodeIdProperty().get()).isEqualTo("local");
        assertThat(model.modeProperty().get()).isEqualTo("embedded");
        assertThat(model.uptimeProperty().get()).matches("\\d+ min \\d+ s");
        assertThat(model.managementUrl()).isEqualTo(broker.url());
        assertThat(model.consoleVersion()).isEqualTo("development"); // run from classes, not from the jar
    }

    @Test
    void an_added_administrator_can_log_in_and_a_deleted_one_no_longer() {
        model.refresh();
        assertThat(model.admins()).extracting(AdminRow::username).containsExactly("admin");
        AdminForm form = model.adminForm();
        assertThat(model.canAddAdminProperty().get()).isFalse();
        assertThat(form.shownProblemProperty().get()).as("an untouched form is not scolded").isEmpty();

        form.usernameProperty().set("ops");
        form.passwordProperty().set("short");
        assertThat(model.canAddAdminProperty().get()).isFalse();
        assertThat(form.shownProblemProperty().get()).isEqualTo("Password: at least 8 characters");
        form.passwordProperty().set("night-shift-2");
        form.usernameProperty().set("ops/night");
        assertThat(form.shownProblemProperty().get()).as("the API names administrators in its paths")
                .isEqualTo("User name: no '/'");
        assertThat(model.canAddAdminProperty().get()).isFalse();
        form.usernameProperty().set("ops");
        assertThat(model.canAddAdminProperty().get()).isTrue();
        model.addAdmin();

        assertThat(model.adminsErrorProperty().get()).isEmpty();
        assertThat(model.adminsStatusProperty().get()).isEqualTo("Administrator 'ops' added.");
        assertThat(model.admins()).extracting(AdminRow::username).containsExactlyInAnyOrder("admin", "ops");
        assertThat(form.usernameProperty().get()).isEmpty();
        assertThat(form.passwordProperty().get()).isEmpty();
        GannetClient ops = GannetClient.of(broker.url());
        assertThat(ops.login("ops", "night-shift-2").username()).isEqualTo("ops");

        // a second one by the same name: the broker's refusal is shown
        form.usernameProperty().set("ops");
        form.passwordProperty().set("another-password");
        model.addAdmin();
        assertThat(model.adminsErrorProperty().get()).contains("already exists");

        model.deleteAdmin(model.admins().stream().filter(a -> a.username().equals("ops")).findFirst().orElseThrow());
        assertThat(model.admins()).extracting(AdminRow::username).containsExactly("admin");
        assertThat(model.adminsErrorProperty().get()).isEmpty();
        assertThatThrownBy(() -> GannetClient.of(broker.url()).login("ops", "night-shift-2"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void the_broker_refuses_to_delete_the_administrator_logged_in_and_that_is_shown() {
        model.refresh();
        model.deleteAdmin(model.admins().get(0));

        assertThat(model.adminsErrorProperty().get()).contains("cannot delete itself");
        assertThat(model.admins()).extracting(AdminRow::username).containsExactly("admin");
        assertThat(model.changingAdminsProperty().get()).isFalse();
    }

    @Test
    void the_administrator_logged_in_changes_its_own_password_typed_twice() {
        GannetClient mine = broker.admin();
        SettingsViewModel settings = new SettingsViewModel(mine, "admin", BackgroundTasks.sameThread());
        assertThat(settings.canChangeMyPasswordProperty().get()).isFalse();

        settings.myPasswordProperty().set("short");
        assertThat(settings.myPasswordProblemProperty().get()).contains("at least 8");
        settings.myPasswordProperty().set("a-new-admin-password");
        settings.myPasswordAgainProperty().set("a-new-admin-passw0rd");
        assertThat(settings.myPasswordProblemProperty().get()).isEqualTo("The two passwords differ.");
        assertThat(settings.canChangeMyPasswordProperty().get()).isFalse();
        settings.myPasswordAgainProperty().set("a-new-admin-password");
        assertThat(settings.canChangeMyPasswordProperty().get()).isTrue();

        settings.changeMyPassword();

        assertThat(settings.adminsErrorProperty().get()).isEmpty();
        assertThat(settings.adminsStatusProperty().get()).startsWith("Your password was changed");
        assertThat(settings.myPasswordProperty().get()).as("not kept in the form").isEmpty();
        assertThat(mine.admins()).as("this console stays logged in").isNotEmpty();
        GannetClient.of(broker.url()).login("admin", "a-new-admin-password");
        assertThatThrownBy(() -> GannetClient.of(broker.url()).login("admin", ConsoleTestBroker.ADMIN_PASSWORD))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void without_knowing_who_is_logged_in_the_password_change_stays_off() {
        model.myPasswordProperty().set("a-new-admin-password");
        model.myPasswordAgainProperty().set("a-new-admin-password");
        assertThat(model.canChangeMyPasswordProperty().get()).isFalse();
    }
}
