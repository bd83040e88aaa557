package dev.gannet.console.access;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.gannet.console.app.Page;
import dev.gannet.console.testing.ConsoleDriver;
import dev.gannet.console.testing.ConsoleUiTest;
import dev.gannet.model.api.BlockType;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The "Blocked & unauthorized" page of the real console, against a real broker and real MQTT 5 clients. */
class AccessViewIT extends ConsoleUiTest {

    @Test
    void an_operator_bans_a_client_sees_it_refused_and_lets_it_back_in(FxRobot robot) {
        console.logIn(broker);
        console.show(Page.ACCESS);
        TableView<?> blocks = console.find("#blocked-table", TableView.class);
        Button add = console.find("#block-add", Button.class);
        assertThat(add.isDisabled()).as("nothing to block yet").isTrue();

        robot.clickOn("#block-pattern").write("rogue-7");
        robot.clickOn("#block-description").write("floods the broker");
        assertThat(add.isDisabled()).isFalse();
        robot.clickOn(add);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> blocks.getItems().size() == 1));
        assertThat(cell(robot, "#blocked-table", 0, "Pattern").getText()).isEqualTo("rogue-7");
        assertThat(cell(robot, "#blocked-table", 0, "Type").getText()).isEqualTo("Client id");
        assertThat(cell(robot, "#blocked-table", 0, "Expires").getText()).isEqualTo("never");
        assertThat(console.find("#block-pattern", TextField.class).getText()).isEmpty();

        Mqtt5BlockingClient rogue = mqttClient("rogue-7");
        assertThatThrownBy(rogue::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BANNED));

        robot.clickOn("Unauthorized clients");
        TableView<?> refused = console.find("#unauthorized-table", TableView.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            robot.clickOn("#unauthorized-refresh");
            return ConsoleDriver.onFx(() -> refused.getItems().size() == 1);
        });
        assertThat(cell(robot, "#unauthorized-table", 0, "Client id").getText()).isEqualTo("rogue-7");
        assertThat(cell(robot, "#unauthorized-table", 0, "Password given").getText()).isEqualTo("no");
        assertThat(cell(robot, "#unauthorized-table", 0, "Reason").getText()).isNotEmpty();
        console.screenshot("unauthorized");

        robot.clickOn("Blocked clients");
        robot.clickOn(cell(robot, "#blocked-table", 0, "Pattern"));
        robot.clickOn("#block-remove");
        clickDialogButton(robot, "Remove block");
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> blocks.getItems().isEmpty()));
        assertThat(console.find("#blocked-status", Label.class).getText()).isEqualTo("Removed the block on client id 'rogue-7'.");
        Mqtt5BlockingClient forgiven = mqttClient("rogue-7");
        assertThat(forgiven.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        forgiven.disconnect();
    }

    @Test
    void an_invalid_regular_expression_disables_add_and_says_why(FxRobot robot) {
        broker.admin().block(new dev.gannet.model.api.BlockedClientRequest(BlockType.IP_ADDRESS, "10.0.0.13", null,
                "the old test rig", System.currentTimeMillis() + 48 * 3_600_000L));
        console.logIn(broker);
        console.show(Page.ACCESS);
        TableView<?> blocks = console.find("#blocked-table", TableView.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> blocks.getItems().size() == 1));
        Node target = console.find("#block-target", ChoiceBox.class);
        Button add = console.find("#block-add", Button.class);
        Label problem = console.find("#block-problem", Label.class);
        assertThat(target.isDisabled()).as("only a regular expression has a target").isTrue();
        assertThat(problem.getText()).isEmpty();

        ChoiceBox<?> type = console.find("#block-type", ChoiceBox.class);
        ConsoleDriver.onFx(() -> {
            type.getSelectionModel().select(BlockType.values().length - 1); // REGEX, the last offered
            return null;
        });
        assertThat(type.getValue()).isEqualTo(BlockType.REGEX);
        assertThat(target.isDisabled()).isFalse();
        robot.clickOn("#block-pattern").write("^sensor-([0-9]+");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(add.isDisabled()).isTrue();
        assertThat(problem.getText()).startsWith("Pattern: not a valid regular expression");
        assertThat(console.find("#block-pattern", TextField.class).getStyleClass()).contains("invalid");
        console.screenshot("blocked");

        robot.write(")$");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(add.isDisabled()).isFalse();
        assertThat(problem.getText()).isEmpty();
        assertThat(console.find("#block-pattern", TextField.class).getStyleClass()).doesNotContain("invalid");
    }

    private Mqtt5BlockingClient mqttClient(String id) {
        return Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(broker.mqttPort()).buildBlocking();
    }

    /** The cell a user sees in row {@code row} of {@code table}, under the column headed {@code column}. */
    private static TableCell<?, ?> cell(FxRobot robot, String table, int row, String column) {
        return robot.lookup(table + " .table-cell").queryAll().stream()
                .filter(node -> node instanceof TableCell<?, ?> c && c.getIndex() == row && c.getTableColumn() != null
                        && c.getTableColumn().getText().equals(column))
                .map(node -> (TableCell<?, ?>) node)
                .findFirst().orElseThrow(() -> new AssertionError("no cell " + column + " in row " + row + " of " + table));
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
