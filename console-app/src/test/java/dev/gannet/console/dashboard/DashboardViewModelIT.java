package dev.gannet.console.dashboard;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.common.BrokerSession;
import dev.gannet.console.common.LiveFeed;
import dev.gannet.console.testing.ConsoleTestBroker;
import dev.gannet.model.client.GannetClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The dashboard's figures from a real broker's history and live stream. */
class DashboardViewModelIT {

    private final ConsoleTestBroker broker = ConsoleTestBroker.start();
    private BrokerSession session;

    @AfterEach
    void stop() {
        if (session != null) {
            session.close();
        }
        broker.close();
    }

    @Test
    void the_cards_and_charts_follow_the_broker_second_by_second() {
        GannetClient client = broker.admin();
        // Listeners run on the stream's thread here: the view model's lists are only read by this test.
        session = new BrokerSession(client, new LiveFeed(client, Runnable::run).start(), broker.url(), "admin");
        DashboardViewModel model = new DashboardViewModel(session, BackgroundTasks.sameThread());
        model.reload();

        Mqtt5BlockingClient publisher = broker.mqttClient("dashboard-feeder");
        for (int i = 0; i < 50; i++) {
            publisher.publishWith().topic("dash/x").payload(new byte[10]).send();
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> model.connectionsNow().get().equals("1"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> model.messageSeries().get(0).getData().stream()
                .anyMatch(point -> point.getYValue().doubleValue() > 0));
        int before = model.pointsProperty().get();
        await().atMost(10, TimeUnit.SECONDS).until(() -> model.pointsProperty().get() >= before + 2);
        assertThat(model.byteSeries().get(0).getData()).anyMatch(point -> point.getYValue().doubleValue() >= 10);

        model.windowMinutesProperty().set(60); // reloads the history at 10-second steps
        assertThat(model.errorProperty().get()).isEmpty();
        model.windowMinutesProperty().set(24 * 60); // from the broker's minute samples
        assertThat(model.errorProperty().get()).isEmpty();
        publisher.disconnect();
        await().atMost(10, TimeUnit.SECONDS).until(() -> model.connectionsNow().get().equals("0"));
        model.dispose();
    }

    @Test
    void long_windows_use_coarser_steps_and_rates_read_well() {
        assertThat(DashboardViewModel.stepSeconds(1)).isEqualTo(1);
        assertThat(DashboardViewModel.stepSeconds(15)).isEqualTo(5);
        assertThat(DashboardViewModel.stepSeconds(60)).isEqualTo(10);
        assertThat(DashboardViewModel.stepSeconds(24 * 60)).isEqualTo(300);
        assertThat(DashboardViewModel.rate(12.4)).isEqualTo("12/s");
        assertThat(DashboardViewModel.rate(45_600)).isEqualTo("45.6 k/s");
        assertThat(DashboardViewModel.rate(2_500_000)).isEqualTo("2.5 M/s");
    }
}
