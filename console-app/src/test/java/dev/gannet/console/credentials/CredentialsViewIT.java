package dev.gannet.console.credentials;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.gannet.console.app.Page;
import dev.gannet.console.testing.ConsoleDriver;
import dev.gannet.console.testing.ConsoleUiTest;
import dev.gannet.model.api.ClientType;
import dev.gannet.model.api.Credentials;
import dev.gannet.model.api.CredentialsRequest;
import dev.gannet.model.api.CredentialsType;
import dev.gannet.model.client.GannetClient;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The credentials view in the real console against a real broker that admits no anonymous
 * clients: an operator creates credentials through the editor and a real MQTT client logs in with
 * them; rules are checked as they are typed; deleting asks first.
 */
class CredentialsViewIT extends ConsoleUiTest {

    private final GannetClient admin = broker.admin();

    CredentialsViewIT() {
        super(Map.of("security.allow-anonymous", "false"));
    }

    /** A few credentials of every type, so the list looks like a broker in use. */
    private void someCredentials() {
        admin.createCredentials(CredentialsRequest.basic("Gateway 7", ClientType.DEVICE, "gateway-7", null, null,
                List.of("plant/7/.*"), null));
        admin.createCredentials(new CredentialsRequest("Dashboard", CredentialsType.SCRAM, ClientType.APPLICATION, null,
                "dashboard", "dash-pw", null, null, "SHA_512", null, List.of("plant/.*")));
        admin.createCredentials(new CredentialsRequest("Factory devices", CredentialsType.X_509, ClientType.DEVICE, null, null,
                null, "My MQTT CA", "device-.*", null, null, null));
    }

    @SuppressWarnings("unchecked")
    private TableView<Credentials> openCredentials(int expectedRows) {
        console.logIn(broker);
        console.show(Page.CREDENTIALS);
        TableView<Credentials> table = console.find("#credentials-table", TableView.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> table.getItems().size() == expectedRows));
        return table;
    }

    private void awaitEditor(FxRobot robot, boolean open) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> robot.lookup("#editor-name").tryQuery().isPresent() == open);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static boolean showsRow(TableView<Credentials> table, String name) {
        return ConsoleDriver.onFx(() -> table.getItems().stream().anyMatch(c -> c.name().equals(name)));
    }

    /** The cell showing rule {@code index} of a rule list (not one the list keeps aside to measure). */
    private static ListCell<?> ruleCell(FxRobot robot, String list, int index) {
        return robot.from(robot.lookup(list).queryAs(ListView.class)).lookup(".list-cell")
                .match((Node node) -> node instanceof ListCell<?> cell && cell.isVisible() && !cell.isEmpty()
                        && cell.getIndex() == index)
                .queryAs(ListCell.class);
    }

    /** The table cell showing {@code text}, to click on; waits for the table to lay it out after a reload. */
    private static Node cell(FxRobot robot, String text) {
        java.util.function.Predicate<Node> showing = node -> node instanceof TableCell<?, ?> cell && text.equals(cell.getText());
        await().atMost(5, TimeUnit.SECONDS).until(() -> robot.lookup(showing).tryQuery().isPresent());
        return robot.lookup(showing).query();
    }

    @Test
    void an_operator_creates_mqtt_credentials_and_a_real_client_logs_in_with_them(FxRobot robot) {
        someCredentials();
        TableView<Credentials> table = openCredentials(3);

        robot.clickOn("#new-credentials");
        awaitEditor(robot, true);
        robot.clickOn("#editor-name").write("Thermostat");
        robot.clickOn("#editor-user-name").write("thermostat");
        robot.clickOn("#editor-password").write("s3cret!");
        robot.clickOn("#publish-restrict");
        robot.clickOn("#publish-add");
        WaitForAsyncUtils.waitForFxEvents();
        robot.write("sensors/.*");
        robot.clickOn("#subscribe-restrict");
        robot.clickOn("#subscribe-add");
        WaitForAsyncUtils.waitForFxEvents();
        robot.write("commands/thermostat/.*");
        Button save = console.find("#editor-save", Button.class);
        assertThat(save.isDisabled()).as(console.find("#editor-problem", Label.class).getText()).isFalse();
        robot.clickOn(save);

        awaitEditor(robot, false);
        await().atMost(10, TimeUnit.SECONDS).until(() -> showsRow(table, "Thermostat"));
        Credentials created = ConsoleDriver.onFx(() -> table.getSelectionModel().getSelectedItem());
        assertThat(created.name()).as("the new row is selected").isEqualTo("Thermostat");
        assertThat(created.userName()).isEqualTo("thermostat");
        assertThat(created.passwordSet()).isTrue();
        assertThat(created.pubAuthRulePatterns()).containsExactly("sensors/.*");
        assertThat(created.subAuthRulePatterns()).containsExactly("commands/thermostat/.*");
        assertThat(robot.lookup("#credentials-status").queryAs(Label.class).getText()).isEqualTo("Created 'Thermostat'.");
        console.screenshot("credentials");

        Mqtt5BlockingClient thermostat = MqttLogin.connected(broker.mqttPort(), "thermostat", "s3cret!");
        thermostat.publishWith().topic("sensors/hall").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("21.5")).send();
        assertThatThrownBy(() -> thermostat.publishWith().topic("actuators/valve").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("open")).send())
                .as("the publish rule typed in the editor holds")
                .isInstanceOfSatisfying(Mqtt5PubAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        thermostat.disconnect();
        assertThat(MqttLogin.attempt(broker.mqttPort(), "thermostat", "not-it"))
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void an_invalid_rule_is_marked_with_its_message_and_keeps_save_disabled(FxRobot robot) {
        someCredentials();
        openCredentials(3);
        robot.clickOn("#new-credentials");
        awaitEditor(robot, true);
        Label problem = console.find("#editor-problem", Label.class);
        assertThat(problem.getText()).isEqualTo("Name: a name is required");
        robot.clickOn("#editor-name").write("Meter 1");
        robot.clickOn("#editor-client-id").write("meter-1");
        Button save = console.find("#editor-save", Button.class);
        assertThat(save.isDisabled()).isFalse();

        robot.clickOn("#publish-restrict");
        robot.clickOn("#publish-add");
        WaitForAsyncUtils.waitForFxEvents();
        robot.write("meters/(1|2/.*");
        ListCell<?> ruleCell = ruleCell(robot, "#publish-rules", 0);
        TextField rule = robot.from(ruleCell).lookup(".rule-field").queryAs(TextField.class);
        Label ruleProblem = robot.from(ruleCell).lookup(".rule-problem").queryAs(Label.class);
        assertThat(rule.isFocused()).as("a new rule takes the caret").isTrue();
        assertThat(rule.getText()).isEqualTo("meters/(1|2/.*");
        assertThat(rule.getStyleClass()).contains("invalid");
        assertThat(ruleProblem.isVisible()).isTrue();
        assertThat(ruleProblem.getText()).startsWith("not a valid regular expression: Unclosed group");
        assertThat(problem.getText()).startsWith("Publish rule 1: not a valid regular expression: Unclosed group");
        assertThat(save.isDisabled()).isTrue();
        WindowShots.save(stage, "credentials-editor");

        robot.press(KeyCode.END).release(KeyCode.END);
        robot.write(")");
        assertThat(rule.getText()).isEqualTo("meters/(1|2/.*)");
        assertThat(rule.getStyleClass()).doesNotContain("invalid");
        assertThat(ruleProblem.isVisible()).isFalse();
        assertThat(problem.getText()).isEmpty();
        assertThat(save.isDisabled()).isFalse();

        robot.clickOn("#editor-cancel");
        awaitEditor(robot, false);
        assertThat(admin.credentials(null, null, 0, 10).total()).as("cancelled: nothing created").isEqualTo(3);
    }

    @Test
    void a_refused_save_keeps_the_editor_open_with_the_broker_s_reason(FxRobot robot) {
        someCredentials();
        openCredentials(3);
        robot.clickOn("#new-credentials");
        awaitEditor(robot, true);
        robot.clickOn("#editor-name").write("Gateway again");
        robot.clickOn("#editor-client-id").write("gateway-7");
        robot.clickOn("#editor-save");

        Label error = console.find("#editor-error", Label.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> !error.getText().isEmpty()));
        assertThat(error.getText()).isEqualTo("MQTT_BASIC credentials for this client id and user name already exist");
        assertThat(console.find("#editor-client-id", TextField.class).getStyleClass()).contains("invalid");
        assertThat(console.find("#editor-name", TextField.class).getText()).isEqualTo("Gateway again");
        robot.clickOn("#editor-cancel");
        awaitEditor(robot, false);
    }

    @Test
    void deleting_asks_first_and_then_removes_the_row(FxRobot robot) {
        someCredentials();
        TableView<Credentials> table = openCredentials(3);

        robot.clickOn(cell(robot, "Gateway 7"));
        robot.clickOn("#delete-credentials");
        await().atMost(5, TimeUnit.SECONDS).until(() -> robot.lookup("Delete credentials").tryQuery().isPresent());
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(showsRow(table, "Gateway 7")).as("cancelled").isTrue();

        robot.clickOn(cell(robot, "Gateway 7"));
        robot.press(KeyCode.DELETE).release(KeyCode.DELETE);
        await().atMost(5, TimeUnit.SECONDS).until(() -> robot.lookup("Delete credentials").tryQuery().isPresent());
        robot.clickOn("Delete credentials");
        await().atMost(10, TimeUnit.SECONDS).until(() -> !showsRow(table, "Gateway 7"));
        assertThat(ConsoleDriver.onFx(() -> table.getItems().size())).isEqualTo(2);
        assertThat(admin.credentials(null, null, 0, 10).items()).extracting(Credentials::name)
                .containsExactlyInAnyOrder("Dashboard", "Factory devices");
        assertThat(robot.lookup("#credentials-status").queryAs(Label.class).getText()).isEqualTo("Deleted 'Gateway 7'.");

        // Typing in the search field narrows the list once typing pauses; Enter on a row edits it.
        robot.clickOn("#search").write("dash");
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> table.getItems().size() == 1));
        assertThat(showsRow(table, "Dashboard")).isTrue();
        robot.clickOn(cell(robot, "Dashboard"));
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        awaitEditor(robot, true);
        assertThat(console.find("#editor-name", TextField.class).getText()).isEqualTo("Dashboard");
        assertThat(robot.lookup("#editor-type").queryAs(Node.class).isDisabled()).as("the type is fixed once created").isTrue();
        assertThat(console.find("#editor-user-name", TextField.class).getText()).isEqualTo("dashboard");
        assertThat(console.find("#editor-save", Button.class).isDisabled()).as("the SCRAM keys are kept").isFalse();
        robot.clickOn("#editor-cancel");
        awaitEditor(robot, false);
    }

    @Test
    void a_new_password_is_typed_twice_and_takes_effect_for_the_next_connect(FxRobot robot) {
        someCredentials();
        admin.createCredentials(CredentialsRequest.basic("Thermostat", ClientType.DEVICE, null, "thermostat", "old-pw", null, null));
        openCredentials(4);
        robot.clickOn(cell(robot, "Factory devices"));
        assertThat(console.find("#change-password", Button.class).isDisabled()).as("X_509 has no password").isTrue();

        robot.clickOn(cell(robot, "Thermostat"));
        robot.clickOn("#change-password");
        await().atMost(5, TimeUnit.SECONDS).until(() -> robot.lookup("#password-new").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        Button change = console.find("#password-save", Button.class);
        robot.clickOn("#password-new").write("n3w-pass");
        robot.clickOn("#password-confirm").write("n3w-pas");
        assertThat(console.find("#password-problem", Label.class).getText()).isEqualTo("The two passwords differ.");
        assertThat(change.isDisabled()).isTrue();
        robot.write("s");
        assertThat(change.isDisabled()).isFalse();
        robot.clickOn(change);

        await().atMost(10, TimeUnit.SECONDS).until(() -> robot.lookup("#password-new").tryQuery().isEmpty());
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() ->
                robot.lookup("#credentials-status").queryAs(Label.class).getText()
                        .equals("Changed the password of 'Thermostat'.")));
        assertThat(MqttLogin.attempt(broker.mqttPort(), "thermostat", "n3w-pass")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(MqttLogin.attempt(broker.mqttPort(), "thermostat", "old-pw"))
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void a_csv_file_is_checked_first_and_imported_all_at_once(FxRobot robot) throws Exception {
        TableView<Credentials> table = openCredentials(0);
        CredentialsView view = ConsoleDriver.onFx(() -> (CredentialsView) console.app().mainView().view(Page.CREDENTIALS));
        Path dir = Files.createTempDirectory("gannet-csv-");
        Path bad = Files.writeString(dir.resolve("meters.csv"), """
                name,credentialsType,clientType,userName,password,pubAuthRulePatterns
                Meter 1,MQTT_BASIC,DEVICE,meter-1,pw-1,meters/1/.*
                Meter 2,MQTT_BASIC,DEVICE,meter-2,pw-2,meters/(2/.*
                Meter 3,MQTT_BASIC,DEVICE,meter-3,pw-3,meters/3/.*
                """);
        ConsoleDriver.onFx(() -> {
            view.importFile(bad);
            return null;
        });
        Label summary = robot.lookup("#import-summary").queryAs(Label.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> summary.getText().contains("problem")));
        assertThat(summary.getText())
                .isEqualTo("3 credentials read from meters.csv, with 1 problem: nothing can be imported until the file is fixed.");
        ListView<?> problems = robot.lookup("#import-problems").queryAs(ListView.class);
        assertThat(robot.from(problems).lookup((Node n) -> n instanceof ListCell<?> c && c.getText() != null
                && c.getText().startsWith("Line 3 · Publish rule 1: not a valid regular expression")).tryQuery()).isPresent();
        assertThat(console.find("#import-run", Button.class).isDisabled()).isTrue();
        WindowShots.save(stage, "credentials-import");
        robot.clickOn("#import-close");
        await().atMost(5, TimeUnit.SECONDS).until(() -> robot.lookup("#import-summary").tryQuery().isEmpty());

        Path good = Files.writeString(dir.resolve("meters-fixed.csv"), Files.readString(bad).replace("meters/(2/", "meters/2/"));
        ConsoleDriver.onFx(() -> {
            view.importFile(good);
            return null;
        });
        Label next = robot.lookup("#import-summary").queryAs(Label.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> next.getText().contains("ready")));
        assertThat(next.getText()).isEqualTo("3 credentials read from meters-fixed.csv: ready to import, all or nothing.");
        robot.clickOn("#import-run");
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> next.getText().equals("Created 3 credentials.")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> table.getItems().size() == 3));
        robot.clickOn("#import-close");
        assertThat(MqttLogin.attempt(broker.mqttPort(), "meter-2", "pw-2")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
