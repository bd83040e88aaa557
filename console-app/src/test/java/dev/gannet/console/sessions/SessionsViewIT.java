package dev.gannet.console.sessions;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import dev.gannet.console.app.Page;
import dev.gannet.console.testing.ConsoleDriver;
import dev.gannet.console.testing.ConsoleUiTest;
import dev.gannet.model.api.ClientType;
import dev.gannet.model.api.CredentialsRequest;
import dev.gannet.model.api.SessionInfo;
import dev.gannet.model.api.SubscriptionInfo;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sessions page of the real console against a real broker with real MQTT clients: an operator
 * finds a client, sees its subscriptions, disconnects it, and removes a session with the Delete key.
 */
class SessionsViewIT extends ConsoleUiTest {

    private final MqttClients mqtt = new MqttClients(broker);

    @AfterEach
    void closeClients() {
        mqtt.close(); // before the broker stops (the base class stops it after this)
    }

    @Test
    void an_operator_finds_a_client_sees_its_subscriptions_and_disconnects_it(FxRobot robot) {
        Mqtt5BlockingClient thermostat = mqtt.persistent("thermostat-kitchen");
        thermostat.subscribeWith().topicFilter("commands/thermostat-kitchen/#").qos(MqttQos.EXACTLY_ONCE).noLocal(true)
                .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).send();
        thermostat.subscribeWith().topicFilter("$share/heating/setpoints/+").qos(MqttQos.AT_LEAST_ONCE).send();
        thermostat.publishWith().topic("sensors/kitchen/temperature").qos(MqttQos.AT_LEAST_ONCE).payload("21.5".getBytes()).send();
        broker.admin().createCredentials(CredentialsRequest.basic("Dashboard", ClientType.APPLICATION, null, "dashboard",
                "dashboard-pw", null, null));
        MqttClients.subscribe(mqtt.withPassword("dashboard-app", "dashboard", "dashboard-pw"), "sensors/#");
        Mqtt5BlockingClient gateway = mqtt.persistent("gateway-7");
        MqttClients.subscribe(gateway, "gateways/7/#");
        mqtt.leave(gateway);
        Mqtt5BlockingClient hall = mqtt.clean("sensor-hall");
        for (int i = 0; i < 2; i++) {
            hall.publishWith().topic("gateways/7/config").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[16]).send();
        }

        console.logIn(broker);
        console.show(Page.SESSIONS);
        TableView<?> table = console.find("#sessions-table", TableView.class);
        awaitRows(table, List.of("dashboard-app", "gateway-7", "sensor-hall", "thermostat-kitchen"));
        assertThat(console.find("#page-summary", Label.class).getText()).isEqualTo("page 1 of 1 · 4 sessions");
        assertThat(robot.lookup("#sessions-table .table-cell").match(LabeledMatchers.hasText("APPLICATION")).tryQuery())
                .as("dashboard-app's type").isPresent();
        SessionInfo parked = ConsoleDriver.onFx(() -> table.getItems().stream().map(SessionInfo.class::cast)
                .filter(s -> s.clientId().equals("gateway-7")).findFirst().orElseThrow());
        assertThat(parked.queued()).as("messages wait for the offline gateway").isEqualTo(2);

        // Typing in the client id filter asks the broker once typing pauses.
        robot.clickOn("#client-id-filter").write("thermo");
        awaitRows(table, List.of("thermostat-kitchen"));
        console.fill("#client-id-filter", "");
        awaitRows(table, List.of("dashboard-app", "gateway-7", "sensor-hall", "thermostat-kitchen"));

        // A click on a header asks the broker for that order; a second click reverses it.
        robot.clickOn(header(robot, "Subscriptions"));
        awaitRows(table, List.of("sensor-hall", "dashboard-app", "gateway-7", "thermostat-kitchen"));
        robot.clickOn(header(robot, "Subscriptions"));
        awaitRows(table, List.of("thermostat-kitchen", "gateway-7", "dashboard-app", "sensor-hall"));
        assertThat(ConsoleDriver.onFx(() -> table.getColumns().stream().filter(c -> c.getText().equals("Status"))
                .findFirst().orElseThrow().isSortable())).as("the broker cannot sort by status").isFalse();
        robot.clickOn(header(robot, "Client id"));
        awaitRows(table, List.of("dashboard-app", "gateway-7", "sensor-hall", "thermostat-kitchen"));

        robot.clickOn(cellWithText("thermostat-kitchen"));
        Label title = console.find("#details-title", Label.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() ->
                "Session of thermostat-kitchen".equals(title.getText())));
        TableView<?> subscriptions = console.find("#subscriptions-table", TableView.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> subscriptions.getItems().size() == 2));
        assertThat(ConsoleDriver.onFx(() -> subscriptions.getItems().stream()
                .map(s -> ((SubscriptionInfo) s).topicFilter()).toList()))
                .containsExactly("$share/heating/setpoints/+", "commands/thermostat-kitchen/#");
        assertThat(robot.lookup("#subscriptions-table .table-cell").match(LabeledMatchers.hasText("heating")).tryQuery())
                .as("the shared subscription's group is shown").isPresent();
        assertThat(robot.lookup("#subscriptions-table .table-cell").match(LabeledMatchers.hasText("1: send if new"))
                .tryQuery()).isPresent();
        assertThat(text("#detail-status")).isEqualTo("connected");
        assertThat(text("#detail-protocol")).isEqualTo("MQTT 5");
        assertThat(text("#detail-persistent")).isEqualTo("yes, expires 1 h after disconnect");
        assertThat(text("#detail-subscriptions")).isEqualTo("2");
        assertThat(text("#detail-received")).isEqualTo("1");
        console.screenshot("sessions");

        // Cancelling changes nothing.
        robot.clickOn("#disconnect-session");
        clickInDialog(robot, "Cancel");
        assertThat(thermostat.getState().isConnected()).isTrue();

        robot.clickOn("#disconnect-session");
        clickInDialog(robot, "Disconnect");

        await().atMost(10, TimeUnit.SECONDS).until(() -> !thermostat.getState().isConnected());
        assertThat(broker.server().sessions().get("thermostat-kitchen").isConnected()).isFalse();
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> table.getItems().stream()
                .map(SessionInfo.class::cast).anyMatch(s -> s.clientId().equals("thermostat-kitchen") && !s.connected())));
        await().atMost(10, TimeUnit.SECONDS).until(() -> "offline".equals(text("#detail-status")));
        assertThat(robot.lookup("#sessions-table .table-cell").match(LabeledMatchers.hasText("○ offline")).queryAll())
                .as("gateway-7 and thermostat-kitchen show offline").hasSize(2);
        assertThat(console.find("#disconnect-session", Button.class).isDisabled()).isTrue();
        assertThat(console.find("#sessions-error", Label.class).getText()).isEmpty();
    }

    @Test
    void the_delete_key_removes_the_selected_session_after_asking(FxRobot robot) {
        mqtt.leave(mqtt.persistent("gateway-7"));
        mqtt.clean("sensor-hall");

        console.logIn(broker);
        console.show(Page.SESSIONS);
        TableView<?> table = console.find("#sessions-table", TableView.class);
        awaitRows(table, List.of("gateway-7", "sensor-hall"));

        robot.clickOn(cellWithText("gateway-7"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> "offline".equals(text("#detail-status")));
        assertThat(console.find("#disconnect-session", Button.class).isDisabled())
                .as("an offline client cannot be disconnected").isTrue();
        robot.type(KeyCode.DELETE);
        clickInDialog(robot, "Remove session");

        awaitRows(table, List.of("sensor-hall"));
        assertThat(broker.server().sessions().get("gateway-7")).isNull();
        assertThat(console.find("#details-note", Label.class).getText()).isEqualTo("Select a session to see its details.");
        assertThat(console.find("#page-summary", Label.class).getText()).isEqualTo("page 1 of 1 · 1 session");

        // A client that connects now shows up by itself: the view reloads every five seconds.
        mqtt.clean("late-comer");
        awaitRows(table, List.of("late-comer", "sensor-hall"));
        // Without auto-refresh, Refresh shows it.
        robot.clickOn("#auto-refresh");
        assertThat(console.find("#auto-refresh", ToggleButton.class).isSelected()).isFalse();
        mqtt.clean("after-hours");
        robot.clickOn("#refresh-sessions");
        awaitRows(table, List.of("after-hours", "late-comer", "sensor-hall"));
    }

    /** The header of the sessions table's column {@code title}. */
    private static Node header(FxRobot robot, String title) {
        return robot.lookup("#sessions-table .column-header").queryAll().stream()
                .filter(header -> header.lookupAll(".label").stream()
                        .anyMatch(label -> label instanceof Labeled labeled && title.equals(labeled.getText())))
                .findFirst().orElseThrow(() -> new AssertionError("no column " + title));
    }

    private static void awaitRows(TableView<?> table, List<String> clientIds) {
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(ConsoleDriver.onFx(() ->
                table.getItems().stream().map(s -> ((SessionInfo) s).clientId()).toList())).isEqualTo(clientIds));
    }

    private Node cellWithText(String text) {
        return console.find("#sessions-table", TableView.class).lookupAll(".table-cell").stream()
                .filter(cell -> cell instanceof Labeled labeled && text.equals(labeled.getText()))
                .findFirst().orElseThrow(() -> new AssertionError("no cell shows " + text));
    }

    private String text(String labelQuery) {
        Label label = console.find(labelQuery, Label.class);
        return ConsoleDriver.onFx(label::getText);
    }

    /** Waits for the confirmation dialog and clicks its button {@code text}. */
    private static void clickInDialog(FxRobot robot, String text) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        Optional<ButtonType> type = dialog.getButtonTypes().stream().filter(t -> t.getText().equals(text)).findFirst();
        assertThat(type).as("the dialog offers " + text).isPresent();
        robot.clickOn(dialog.lookupButton(type.get()));
        WaitForAsyncUtils.waitForFxEvents();
        await().atMost(10, TimeUnit.SECONDS).until(() -> robot.lookup(".dialog-pane").tryQuery().isEmpty());
    }
}
