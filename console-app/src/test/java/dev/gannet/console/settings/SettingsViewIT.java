package dev.gannet.console.settings;

import dev.gannet.console.app.Page;
import dev.gannet.console.testing.ConsoleDriver;
import dev.gannet.console.testing.ConsoleUiTest;
import dev.gannet.model.client.ApiException;
import dev.gannet.model.client.GannetClient;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The "Settings & about" page of the real console against a real broker. */
class SettingsViewIT extends ConsoleUiTest {

    @Test
    void an_operator_reads_the_configuration_and_the_facts_and_adds_an_administrator(FxRobot robot) {
        console.logIn(broker);
        console.show(Page.SETTINGS);
        TableView<?> config = console.find("#config-table", TableView.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> config.getItems().size() > 20));
        int all = config.getItems().size();

        Label version = console.find("#about-broker-version", Label.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> version.getText().equals(broker.server().version())));
        assertThat(console.find("#about-node", Label.class).getText()).isEqualTo("local");
        assertThat(console.find("#about-url", Label.class).getText()).isEqualTo(broker.url());
        assertThat(console.find("#about-console-version", Label.class).getText()).isEqualTo("development");

        robot.clickOn("#config-filter").write("mqtt.port");
        await().atMost(5, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> config.getItems().size() == 1));
        assertThat(valueOf(robot, "mqtt.port")).isEqualTo("0");
        assertThat(console.find("#config-count", Label.class).getText()).isEqualTo("1 of " + all + " keys");
        console.fill("#config-filter", "PASSWORD");
        await().atMost(5, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> config.getItems().size() > 1));
        assertThat(valueOf(robot, "security.admin-password")).isEqualTo("***");
        assertThat(config.getItems().size()).isLessThan(all);
        console.fill("#config-filter", "");
        await().atMost(5, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> config.getItems().size() == all));

        TableView<?> admins = console.find("#admins-table", TableView.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> admins.getItems().size() == 1));
        Button add = console.find("#admin-add", Button.class);
        robot.clickOn("#admin-username").write("night-ops");
        robot.clickOn("#admin-password").write("short");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(add.isDisabled()).isTrue();
        assertThat(console.find("#admin-problem", Label.class).getText()).isEqualTo("Password: at least 8 characters");
        robot.write("-but-now-long-enough").type(KeyCode.ENTER); // Enter adds, as the button would
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> admins.getItems().size() == 2));
        assertThat(console.find("#admins-status", Label.class).getText()).isEqualTo("Administrator 'night-ops' added.");
        assertThat(GannetClient.of(broker.url()).login("night-ops", "short-but-now-long-enough").username()).isEqualTo("night-ops");
        console.screenshot("settings");

        robot.clickOn(adminCell(robot, "night-ops")).type(KeyCode.DELETE);
        clickDialogButton(robot, "Delete administrator");
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> admins.getItems().size() == 1));
        assertThatThrownBy(() -> GannetClient.of(broker.url()).login("night-ops", "short-but-now-long-enough"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    /** The Value cell a user sees in the configuration row of {@code key}. */
    private static String valueOf(FxRobot robot, String key) {
        return robot.lookup("#config-table .table-cell").queryAll().stream()
                .filter(node -> node instanceof TableCell<?, ?> c && c.getTableRow() != null
                        && c.getTableRow().getItem() instanceof dev.gannet.model.api.ConfigEntry e && e.key().equals(key)
                        && c.getTableColumn().getText().equals("Value"))
                .map(node -> ((TableCell<?, ?>) node).getText())
                .findFirst().orElseThrow(() -> new AssertionError("no row shows " + key));
    }

    private static TableCell<?, ?> adminCell(FxRobot robot, String username) {
        return robot.lookup("#admins-table .table-cell").queryAll().stream()
                .filter(node -> node instanceof TableCell<?, ?> c && username.equals(c.getText()))
                .map(node -> (TableCell<?, ?>) node)
                .findFirst().orElseThrow(() -> new AssertionError("no administrator " + username + " shown"));
    }

    /** Clicks a button of the open dialog (the dialog's header may carry the same words). */
    private static void clickDialogButton(FxRobot robot, String text) {
        await().atMost(5, TimeUnit.SECONDS).until(() -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        Button button = robot.from(dialog).lookup(".button").match(LabeledMatchers.hasText(text)).queryButton();
        robot.clickOn(button);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
