package dev.gannet.console.retained;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.gannet.console.app.Page;
import dev.gannet.console.testing.ConsoleDriver;
import dev.gannet.console.testing.ConsoleUiTest;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The retained-messages page of the real console, against a real broker and a real MQTT client. */
class RetainedViewIT extends ConsoleUiTest {

    private static final byte[] FIRMWARE = {0x7f, 0x45, 0x4c, 0x46, (byte) 0xff, 0x00, 0x01, (byte) 0x80};
    private static final String READING = "{\"celsius\": 23.4, \"humidity\": 61}";

    @Test
    void an_operator_filters_reads_and_deletes_retained_messages(FxRobot robot) {
        Mqtt5BlockingClient publisher = broker.mqttClient("greenhouse-7");
        publisher.publishWith().topic("greenhouse/7/climate").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .contentType("application/json").payload(READING.getBytes(StandardCharsets.UTF_8)).send();
        publisher.publishWith().topic("greenhouse/7/firmware").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .contentType("application/octet-stream").payload(FIRMWARE).send();
        publisher.publishWith().topic("office/lights").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload("on".getBytes(StandardCharsets.UTF_8)).send();
        publisher.disconnect();
        await().atMost(10, TimeUnit.SECONDS).until(() -> broker.server().retained().size() == 3);

        console.logIn(broker);
        console.show(Page.RETAINED);
        TableView<?> table = console.find("#retained-table", TableView.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> table.getItems().size() == 3));

        console.fill("#retained-filter", "greenhouse/#");
        robot.clickOn("#retained-filter").type(KeyCode.ENTER);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> table.getItems().size() == 2));
        assertThat(console.find("#retained-status", Label.class).getText()).isEqualTo("2 retained messages match greenhouse/#");
        assertThat(cell(robot, "greenhouse/7/climate", "Payload").getText()).isEqualTo(READING);
        assertThat(cell(robot, "greenhouse/7/firmware", "Payload").getText()).isEqualTo("binary");
        assertThat(cell(robot, "greenhouse/7/firmware", "Publisher").getText()).isEqualTo("greenhouse-7");

        robot.clickOn(cell(robot, "greenhouse/7/climate", "Topic"));
        TextArea detail = console.find("#retained-detail", TextArea.class);
        await().atMost(5, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> detail.getText().equals(READING)));

        robot.clickOn(cell(robot, "greenhouse/7/firmware", "Topic"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() ->
                detail.getText().startsWith("00000000  7f 45 4c 46 ff 00 01 80") && detail.getText().contains("|.ELF....|")));
        assertThat(console.find("#retained-detail-title", Label.class).getText()).contains("binary", "8 bytes", "hex");
        console.screenshot("retained");

        robot.clickOn("#retained-delete");
        clickDialogButton(robot, "Delete retained message");
        await().atMost(10, TimeUnit.SECONDS).until(() -> broker.server().retained().get("greenhouse/7/firmware") == null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> table.getItems().size() == 1));
        assertThat(broker.server().retained().get("greenhouse/7/climate")).isNotNull();
        assertThat(broker.server().retained().get("office/lights")).isNotNull();
    }

    @Test
    void the_delete_key_asks_first_and_cancel_keeps_the_message(FxRobot robot) {
        Mqtt5BlockingClient publisher = broker.mqttClient("lamp");
        publisher.publishWith().topic("office/lights").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload("on".getBytes(StandardCharsets.UTF_8)).send();
        publisher.disconnect();
        await().atMost(10, TimeUnit.SECONDS).until(() -> broker.server().retained().size() == 1);
        console.logIn(broker);
        console.show(Page.RETAINED);
        TableView<?> table = console.find("#retained-table", TableView.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> table.getItems().size() == 1));

        robot.clickOn(cell(robot, "office/lights", "Topic")).type(KeyCode.DELETE);
        clickDialogButton(robot, "Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(broker.server().retained().get("office/lights")).isNotNull();

        robot.clickOn(cell(robot, "office/lights", "Topic")).type(KeyCode.DELETE);
        clickDialogButton(robot, "Delete retained message");
        await().atMost(10, TimeUnit.SECONDS).until(() -> broker.server().retained().get("office/lights") == null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> table.getItems().isEmpty()));
    }

    @Test
    void an_invalid_filter_shows_the_brokers_reason_and_marks_the_field(FxRobot robot) {
        console.logIn(broker);
        console.show(Page.RETAINED);
        console.fill("#retained-filter", "greenhouse/#/climate");
        robot.clickOn("#retained-apply");

        Label error = console.find("#retained-error", Label.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> !error.getText().isEmpty()));
        assertThat(error.getText()).contains("not a valid topic filter");
        assertThat(console.find("#retained-filter", TextField.class).getStyleClass()).contains("invalid");

        console.fill("#retained-filter", "greenhouse/+/climate");
        robot.clickOn("#retained-apply");
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> error.getText().isEmpty()));
        assertThat(console.find("#retained-filter", TextField.class).getStyleClass()).doesNotContain("invalid");
    }

    /** The cell a user sees in the row of {@code topic}, under the column headed {@code column}. */
    private static TableCell<?, ?> cell(FxRobot robot, String topic, String column) {
        return robot.lookup("#retained-table .table-cell").queryAll().stream()
                .filter(node -> node instanceof TableCell<?, ?> c && c.getTableRow() != null
                        && c.getTableRow().getItem() instanceof RetainedRow row && row.topic().equals(topic)
                        && c.getTableColumn().getText().equals(column))
                .map(node -> (TableCell<?, ?>) node)
                .findFirst().orElseThrow(() -> new AssertionError("no cell " + column + " for " + topic));
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
