package dev.gannet.console.access;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.testing.ConsoleTestBroker;
import dev.gannet.model.api.BlockType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** The blocked- and unauthorized-clients view model against a real broker and real MQTT 5 clients. */
class AccessViewModelIT {

    private final ConsoleTestBroker broker = ConsoleTestBroker.start();
    private final AccessViewModel model = new AccessViewModel(broker.admin(), BackgroundTasks.sameThread());
    private final BlockForm form = model.form();

    @AfterEach
    void stop() {
        broker.close();
    }

    private Mqtt5BlockingClient client(String id) {
        return Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(broker.mqttPort()).buildBlocking();
    }

    private void assertBanned(String clientId) {
        assertThatThrownBy(() -> client(clientId).connect()).isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BANNED));
    }

    private void assertLetIn(String clientId) {
        Mqtt5BlockingClient client = client(clientId);
        assertThat(client.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        client.disconnect();
    }

    @Test
    void a_client_id_block_bans_that_client_the_refusal_is_logged_and_removing_it_lets_the_client_in() {
        model.refresh();
        assertThat(model.blocks()).isEmpty();
        assertThat(model.unauthorizedStatusProperty().get()).isEqualTo("No CONNECT has been refused.");

        form.blockTypeProperty().set(BlockType.CLIENT_ID);
        form.patternProperty().set("rogue-7");
        form.descriptionProperty().set("floods sensors/#");
        assertThat(model.canAddProperty().get()).isTrue();
        model.add();

        assertThat(model.blocksErrorProperty().get()).isEmpty();
        assertThat(model.blocks()).singleElement().satisfies(row -> {
            assertThat(row.type()).isEqualTo("Client id");
            assertThat(row.pattern()).isEqualTo("rogue-7");
            assertThat(row.target()).isEmpty();
            assertThat(row.description()).isEqualTo("floods sensors/#");
            assertThat(row.expiresAt()).isEqualTo("never");
            assertThat(row.expired()).isEmpty();
        });
        assertThat(model.blocksStatusProperty().get()).isEqualTo("Blocked client id 'rogue-7'.");
        assertThat(form.patternProperty().get()).as("the form empties for the next block").isEmpty();
        assertThat(form.shownProblemProperty().get()).isEmpty();

        assertBanned("rogue-7");
        assertLetIn("well-behaved-1");

        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            model.refreshUnauthorized();
            return !model.unauthorized().isEmpty();
        });
        assertThat(model.unauthorized()).singleElement().satisfies(row -> {
            assertThat(row.clientId()).isEqualTo("rogue-7");
            assertThat(row.address()).contains("127.0.0.1");
            assertThat(row.passwordGiven()).isEqualTo("no");
            assertThat(row.reason()).isNotEmpty();
            assertThat(row.when()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        });
        assertThat(model.unauthorizedStatusProperty().get()).startsWith("1 client refused");

        model.remove(model.blocks().get(0));
        assertThat(model.blocks()).isEmpty();
        assertThat(model.blocksStatusProperty().get()).isEqualTo("Removed the block on client id 'rogue-7'.");
        assertLetIn("rogue-7");
    }

    @Test
    void an_invalid_regular_expression_cannot_be_added_and_a_valid_one_bans_what_it_matches() {
        assertThat(model.canAddProperty().get()).as("nothing to block yet").isFalse();
        assertThat(form.shownProblemProperty().get()).as("an untouched form is not scolded").isEmpty();
        assertThat(form.regexTargetEnabledProperty().get()).isFalse();

        form.blockTypeProperty().set(BlockType.REGEX);
        assertThat(form.regexTargetEnabledProperty().get()).isTrue();
        form.patternProperty().set("^test-([a-z");
        assertThat(model.canAddProperty().get()).isFalse();
        assertThat(form.shownProblemProperty().get()).startsWith("Pattern: not a valid regular expression");
        assertThat(form.invalid("pattern").get()).isTrue();

        form.patternProperty().set("^test-[a-z]+$");
        assertThat(model.canAddProperty().get()).isTrue();
        assertThat(form.shownProblemProperty().get()).isEmpty();
        assertThat(form.invalid("pattern").get()).isFalse();
        form.regexTargetProperty().set(BlockType.CLIENT_ID);
        model.add();

        assertThat(model.blocks()).singleElement().satisfies(row -> {
            assertThat(row.type()).isEqualTo("Regular expression");
            assertThat(row.target()).isEqualTo("Client id");
        });
        assertBanned("test-alpha");
        assertLetIn("test-42");
        assertLetIn("prod-alpha");

        // the target belongs to REGEX blocks only
        form.blockTypeProperty().set(BlockType.USERNAME);
        form.patternProperty().set("mallory");
        assertThat(form.regexTargetEnabledProperty().get()).isFalse();
        assertThat(form.request().regexTarget()).isNull();
        assertThat(model.canAddProperty().get()).isTrue();
    }

    @Test
    void a_block_can_end_after_some_hours_or_at_the_end_of_a_day() {
        form.patternProperty().set("night-shift");
        form.expiryProperty().set(Expiry.HOURS);
        form.hoursProperty().set(2);
        assertThat(form.request().expiresAt()).isCloseTo(System.currentTimeMillis() + 2 * 3_600_000L, within(60_000L));
        form.hoursProperty().set(0);
        assertThat(model.canAddProperty().get()).isFalse();
        assertThat(form.shownProblemProperty().get()).startsWith("Expires: from 1 to");
        form.hoursProperty().set(2);
        model.add();
        assertThat(model.blocks()).singleElement().extracting(BlockRow::expiresAt).isNotEqualTo("never");
        assertBanned("night-shift");

        form.patternProperty().set("weekend");
        form.expiryProperty().set(Expiry.DATE);
        LocalDate today = LocalDate.now();
        form.untilDateProperty().set(today.minusDays(1));
        assertThat(model.canAddProperty().get()).isFalse();
        assertThat(form.shownProblemProperty().get()).isEqualTo("Expires: that day has passed");
        assertThat(form.invalid("expiresAt").get()).isTrue();
        form.untilDateProperty().set(today);
        assertThat(model.canAddProperty().get()).isTrue();
        assertThat(form.request().expiresAt())
                .isEqualTo(today.plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant().toEpochMilli());

        form.expiryProperty().set(Expiry.NEVER);
        assertThat(form.request().expiresAt()).isNull();
    }

    @Test
    void refused_connects_come_a_page_at_a_time_the_most_recent_first() {
        form.blockTypeProperty().set(BlockType.REGEX);
        form.patternProperty().set("^flood-\\d+$");
        model.add();
        for (int i = 1; i <= AccessViewModel.PAGE_SIZE + 3; i++) {
            assertBanned("flood-" + i);
            // the log orders by the millisecond of the refusal: two in the same one would tie
            long refusedBy = System.currentTimeMillis();
            await().pollInterval(Duration.ofMillis(1)).until(() -> System.currentTimeMillis() > refusedBy + 1);
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            model.refreshUnauthorized();
            return model.unauthorizedStatusProperty().get().startsWith((AccessViewModel.PAGE_SIZE + 3) + " clients refused");
        });

        assertThat(model.unauthorized()).hasSize(AccessViewModel.PAGE_SIZE);
        assertThat(model.unauthorized().get(0).clientId()).isEqualTo("flood-" + (AccessViewModel.PAGE_SIZE + 3));
        assertThat(model.pageTextProperty().get()).isEqualTo("Page 1 of 2");
        model.nextPage();
        assertThat(model.unauthorized()).extracting(UnauthorizedRow::clientId).containsExactly("flood-3", "flood-2", "flood-1");
        assertThat(model.position().hasNextProperty().get()).isFalse();
        model.previousPage();
        assertThat(model.position().pageProperty().get()).isZero();
    }
}
