package dev.gannet.console.retained;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.testing.ConsoleTestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The retained-messages view model against a real broker, with messages a real MQTT client retained. */
class RetainedViewModelIT {

    /** Not UTF-8 (0xff never is), so the broker reports no text for it. */
    private static final byte[] BINARY = {0x00, (byte) 0xff, (byte) 0xfe, 0x41, 0x0a};
    private static final String LONG_TEXT = "x".repeat(60) + " and then " + "y".repeat(130);

    private final ConsoleTestBroker broker = ConsoleTestBroker.start();
    private final Mqtt5BlockingClient publisher = broker.mqttClient("retainer");
    private final RetainedViewModel model = new RetainedViewModel(broker.admin(), BackgroundTasks.sameThread());

    @AfterEach
    void stop() {
        publisher.disconnect();
        broker.close();
    }

    private void retain(String topic, String text) {
        retain(topic, text.getBytes(StandardCharsets.UTF_8));
    }

    private void retain(String topic, byte[] payload) {
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(payload).send();
    }

    /** Applies {@code filter} until the broker lists {@code count} messages (retaining is asynchronous). */
    private void showUntil(String filter, int count) {
        model.filterProperty().set(filter);
        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            model.search();
            return model.position().totalProperty().get() == count;
        });
    }

    private RetainedRow row(String topic) {
        return model.rows().stream().filter(r -> r.topic().equals(topic)).findFirst().orElseThrow();
    }

    @Test
    void lists_the_messages_under_the_filter_with_a_preview_of_each_payload() {
        publisher.publishWith().topic("sensors/kitchen/temperature").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .contentType("text/plain").messageExpiryInterval(3600).payload("21.5 °C".getBytes(StandardCharsets.UTF_8)).send();
        retain("sensors/garage/raw", BINARY);
        retain("sensors/long", LONG_TEXT);
        retain("actuators/valve", "open");

        showUntil("sensors/#", 3);

        assertThat(model.rows()).extracting(RetainedRow::topic)
                .containsExactly("sensors/garage/raw", "sensors/kitchen/temperature", "sensors/long");
        RetainedRow kitchen = row("sensors/kitchen/temperature");
        assertThat(kitchen.preview()).isEqualTo("21.5 °C");
        assertThat(kitchen.qos()).isEqualTo(1);
        assertThat(kitchen.sizeBytes()).isEqualTo("21.5 °C".getBytes(StandardCharsets.UTF_8).length);
        assertThat(kitchen.contentType()).isEqualTo("text/plain");
        assertThat(kitchen.publisher()).isEqualTo("retainer");
        assertThat(kitchen.expiresAt()).isNotEqualTo("never").matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(row("sensors/garage/raw").preview()).isEqualTo("binary");
        assertThat(row("sensors/garage/raw").expiresAt()).isEqualTo("never");
        assertThat(row("sensors/long").preview()).isEqualTo(LONG_TEXT.substring(0, 80) + "…");
        assertThat(model.statusProperty().get()).isEqualTo("3 retained messages match sensors/#");
        assertThat(model.errorProperty().get()).isEmpty();
    }

    @Test
    void the_selected_message_shows_its_whole_payload_as_text_or_as_hex() {
        retain("sensors/garage/raw", BINARY);
        retain("sensors/long", LONG_TEXT);
        showUntil("sensors/#", 2);

        model.selectedProperty().set(row("sensors/long"));
        assertThat(model.detailProperty().get()).isEqualTo(LONG_TEXT);
        assertThat(model.detailTitleProperty().get()).contains("sensors/long", "text", "200 bytes");

        model.selectedProperty().set(row("sensors/garage/raw"));
        assertThat(model.detailProperty().get()).startsWith("00000000  00 ff fe 41 0a").contains("|...A.|");
        assertThat(model.detailTitleProperty().get()).contains("binary", "5 bytes", "hex");

        model.selectedProperty().set(null);
        assertThat(model.detailProperty().get()).isEmpty();
    }

    @Test
    void an_invalid_filter_shows_why_the_broker_refused_it() {
        retain("sensors/a", "1");
        showUntil("#", 1);

        model.filterProperty().set("sensors/#/more");
        model.search();

        assertThat(model.errorProperty().get()).contains("not a valid topic filter");
        assertThat(model.filterInvalidProperty().get()).isTrue();
        assertThat(model.rows()).isEmpty();

        model.filterProperty().set("sensors/+");
        model.search();
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.filterInvalidProperty().get()).isFalse();
        assertThat(model.rows()).extracting(RetainedRow::topic).containsExactly("sensors/a");
    }

    @Test
    void deleting_a_message_removes_it_from_the_broker() {
        retain("sensors/a", "1");
        retain("sensors/b", "2");
        showUntil("sensors/#", 2);
        assertThat(broker.server().retained().get("sensors/a")).isNotNull();

        model.delete(row("sensors/a"));

        assertThat(broker.server().retained().get("sensors/a")).isNull();
        assertThat(model.rows()).extracting(RetainedRow::topic).containsExactly("sensors/b");
        assertThat(model.statusProperty().get()).isEqualTo("1 retained message match sensors/#");
    }

    @Test
    void pages_through_more_messages_than_fit_on_one_page() {
        for (int i = 1; i <= 55; i++) {
            retain(String.format("many/%02d", i), "value " + i);
        }
        showUntil("many/#", 55);

        assertThat(model.rows()).hasSize(RetainedViewModel.PAGE_SIZE);
        assertThat(model.pageTextProperty().get()).isEqualTo("Page 1 of 2");
        assertThat(model.position().hasPreviousProperty().get()).isFalse();
        model.nextPage();
        assertThat(model.rows()).extracting(RetainedRow::topic).containsExactly("many/51", "many/52", "many/53", "many/54", "many/55");
        assertThat(model.pageTextProperty().get()).isEqualTo("Page 2 of 2");
        assertThat(model.position().hasNextProperty().get()).isFalse();

        // emptying the last page goes back to the one before
        for (RetainedRow row : model.rows().toArray(RetainedRow[]::new)) {
            model.delete(row);
        }
        assertThat(model.position().pageProperty().get()).isZero();
        assertThat(model.rows()).hasSize(50);
        assertThat(model.pageTextProperty().get()).isEmpty();
    }
}
