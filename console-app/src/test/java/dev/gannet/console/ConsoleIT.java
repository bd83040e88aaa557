package dev.gannet.console;

import dev.gannet.console.app.Page;
import dev.gannet.console.testing.ConsoleDriver;
import dev.gannet.console.testing.ConsoleUiTest;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The console against a real broker: log in, live dashboard, topology, errors at login, log out. */
class ConsoleIT extends ConsoleUiTest {

    @Test
    void an_operator_logs_in_and_watches_the_charts_move(FxRobot robot) {
        console.screenshot("login");
        console.logIn(broker);
        var publisher = broker.mqttClient("chart-feeder");
        for (int i = 0; i < 20; i++) {
            publisher.publishWith().topic("charts/feed").payload(new byte[64]).send();
        }
        LineChart<?, ?> messages = console.find("#chart-messages", LineChart.class);
        await().atMost(15, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() ->
                !messages.getData().isEmpty() && messages.getData().get(0).getData().size() >= 3));
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() ->
                console.find("#card-connections", Label.class).getText().equals("1")));
        assertThat(console.find("#live-status", Label.class).getText()).contains("live");
        console.screenshot("dashboard");

        console.show(Page.TOPOLOGY);
        FlowPane cards = console.find("#node-cards", FlowPane.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> !cards.getChildren().isEmpty()));
        assertThat(robot.lookup("#node-local").tryQuery()).isPresent();
        console.screenshot("topology");

        robot.clickOn("#logout");
        await().atMost(5, TimeUnit.SECONDS).until(() -> robot.lookup("#login").tryQuery().isPresent());
        publisher.disconnect();
    }

    @Test
    void a_wrong_password_or_an_unreachable_broker_is_said_plainly(FxRobot robot) {
        console.fill("#broker-url", broker.url());
        console.fill("#username", "admin");
        console.fill("#password", "not-the-password");
        robot.clickOn("#login");
        Label error = console.find("#login-error", Label.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> !error.getText().isEmpty()));
        assertThat(error.getText()).isEqualTo("Wrong user name or password.");

        console.fill("#broker-url", "http://127.0.0.1:1");
        console.fill("#password", "anything");
        robot.clickOn("#login");
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> error.getText().startsWith("Cannot reach")));

        console.fill("#broker-url", "ftp://somewhere");
        robot.clickOn("#login");
        await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleDriver.onFx(() -> error.getText().contains("http://host:8083")));
    }
}
