package dev.gannet.console.sessions;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.testing.ConsoleTestBroker;
import dev.gannet.model.api.ClientType;
import dev.gannet.model.api.CredentialsRequest;
import dev.gannet.model.api.SessionDetails;
import dev.gannet.model.api.SessionInfo;
import dev.gannet.model.api.SubscriptionInfo;
import dev.gannet.model.client.GannetClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The sessions view model against a real broker with real MQTT clients: what it lists (the
 * broker's figures), how the broker filters, sorts and pages for it, and what Disconnect and
 * Remove do to a client. Tasks run on the test's thread, so every call has finished when it returns.
 */
class SessionsViewModelIT {

    private final ConsoleTestBroker broker = ConsoleTestBroker.start();
    private final MqttClients mqtt = new MqttClients(broker);
    private final GannetClient admin = broker.admin();

    @AfterEach
    void stop() {
        mqtt.close();
        broker.close();
    }

    private SessionsViewModel model() {
        return new SessionsViewModel(admin, BackgroundTasks.sameThread());
    }

    private SessionsViewModel modelWithPagesOf(int size) {
        return new SessionsViewModel(admin, BackgroundTasks.sameThread(), size);
    }

    private static List<String> clientIds(SessionsViewModel model) {
        return model.sessions().stream().map(SessionInfo::clientId).toList();
    }

    private static SessionInfo row(SessionsViewModel model, String clientId) {
        return model.sessions().stream().filter(s -> s.clientId().equals(clientId)).findFirst()
                .orElseThrow(() -> new AssertionError(clientId + " is not listed: " + clientIds(model)));
    }

    @Test
    void real_clients_are_listed_with_the_brokers_figures_and_one_shows_in_full() {
        Mqtt5BlockingClient sensor = mqtt.persistent("sensor-1");
        sensor.subscribeWith().topicFilter("commands/sensor-1/#").qos(MqttQos.EXACTLY_ONCE).noLocal(true)
                .retainAsPublished(true).retainHandling(Mqtt5RetainHandling.DO_NOT_SEND).send();
        sensor.subscribeWith().topicFilter("$share/workers/jobs/+").qos(MqttQos.AT_LEAST_ONCE).send();
        sensor.publishWith().topic("sensors/sensor-1/temp").qos(MqttQos.AT_LEAST_ONCE).payload("21.5".getBytes()).send();
        sensor.publishWith().topic("sensors/sensor-1/temp").qos(MqttQos.AT_LEAST_ONCE).payload("21.6".getBytes()).send();
        // A persistent session whose client left: messages for it wait in its queue.
        Mqtt5BlockingClient parked = mqtt.persistent("parked");
        MqttClients.subscribe(parked, "parked/#");
        mqtt.leave(parked);
        Mqtt5BlockingClient publisher = mqtt.clean("publisher");
        for (int i = 0; i < 3; i++) {
            publisher.publishWith().topic("parked/inbox").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[8]).send();
        }
        publisher.publishWith().topic("commands/sensor-1/reboot").qos(MqttQos.AT_LEAST_ONCE).send();

        SessionsViewModel model = model();
        model.refresh();

        assertThat(clientIds(model)).containsExactly("parked", "publisher", "sensor-1");
        assertThat(model.pageSummaryProperty().get()).isEqualTo("page 1 of 1 · 3 sessions");
        SessionInfo listed = row(model, "sensor-1");
        assertThat(listed.connected()).isTrue();
        assertThat(listed.address()).startsWith("127.0.0.1:");
        assertThat(listed.protocolVersion()).isEqualTo("5");
        assertThat(listed.clientType()).isEqualTo(ClientType.DEVICE);
        assertThat(listed.nodeId()).isEqualTo(broker.server().nodeId());
        assertThat(listed.subscriptions()).isEqualTo(2);
        assertThat(listed.persistent()).isTrue();
        assertThat(listed.expiryIntervalSeconds()).isEqualTo(MqttClients.ONE_HOUR);
        assertThat(listed.connectedAt()).isNotNull();
        SessionInfo waiting = row(model, "parked");
        assertThat(waiting.connected()).isFalse();
        assertThat(waiting.queued()).isEqualTo(3);
        assertThat(waiting.subscriptions()).isEqualTo(1);

        model.select("sensor-1");
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
            model.refresh(); // the message to sensor-1 is delivered in the background
            assertThat(model.detailsProperty().get().messagesSent()).isEqualTo(1);
        });
        SessionDetails details = model.detailsProperty().get();
        assertThat(details.session().clientId()).isEqualTo("sensor-1");
        assertThat(details.messagesReceived()).isEqualTo(2);
        assertThat(model.subscriptions())
                .extracting(SubscriptionInfo::topicFilter, SubscriptionInfo::qos, SubscriptionInfo::noLocal,
                        SubscriptionInfo::retainAsPublished, SubscriptionInfo::retainHandling, SubscriptionInfo::shareGroup)
                .containsExactly(
                        tuple("$share/workers/jobs/+", 1, false, false, 0, "workers"),
                        tuple("commands/sensor-1/#", 2, true, true, 2, null));
        assertThat(model.canDisconnectProperty().get()).isTrue();
        assertThat(model.canRemoveProperty().get()).isTrue();
        assertThat(model.errorProperty().get()).isEmpty();

        model.select("parked");
        assertThat(model.detailsProperty().get().session().queued()).isEqualTo(3);
        assertThat(model.canDisconnectProperty().get()).as("an offline client cannot be disconnected").isFalse();
        assertThat(model.canRemoveProperty().get()).isTrue();
    }

    @Test
    void the_broker_filters_by_status_type_node_client_id_and_address_and_each_filter_goes_back_to_page_one() {
        admin.createCredentials(CredentialsRequest.basic("Dashboard app", ClientType.APPLICATION, null, "dashboard",
                "dashboard-pw", null, null));
        mqtt.withPassword("app-dashboard", "dashboard", "dashboard-pw");
        mqtt.clean("dev-a");
        mqtt.clean("dev-b");
        mqtt.leave(mqtt.persistent("dev-parked"));

        SessionsViewModel model = modelWithPagesOf(2);
        model.refresh();
        model.nextPage();
        assertThat(model.position().pageProperty().get()).isEqualTo(1);
        assertThat(clientIds(model)).containsExactly("dev-b", "dev-parked");

        model.statusFilterProperty().set(StatusFilter.OFFLINE);
        assertThat(model.position().pageProperty().get()).isZero();
        assertThat(clientIds(model)).containsExactly("dev-parked");
        model.statusFilterProperty().set(StatusFilter.CONNECTED);
        assertThat(clientIds(model)).containsExactly("app-dashboard", "dev-a");
        assertThat(model.pageSummaryProperty().get()).isEqualTo("page 1 of 2 · 3 sessions");
        model.statusFilterProperty().set(StatusFilter.ALL);

        model.typeFilterProperty().set(TypeFilter.APPLICATION);
        assertThat(clientIds(model)).containsExactly("app-dashboard");
        assertThat(row(model, "app-dashboard").username()).isEqualTo("dashboard");
        model.typeFilterProperty().set(TypeFilter.DEVICE);
        assertThat(model.position().totalProperty().get()).isEqualTo(3);
        assertThat(clientIds(model)).containsExactly("dev-a", "dev-b");
        model.typeFilterProperty().set(TypeFilter.ALL);

        model.clientIdFilterProperty().set("DEV-");
        assertThat(model.position().totalProperty().get()).as("client ids match any part, ignoring case").isEqualTo(3);
        model.clientIdFilterProperty().set("parked");
        assertThat(clientIds(model)).containsExactly("dev-parked");
        model.clientIdFilterProperty().set("");

        model.addressFilterProperty().set("127.0.0.1");
        assertThat(model.position().totalProperty().get()).isEqualTo(4);
        model.addressFilterProperty().set("10.9.8.7");
        assertThat(model.sessions()).isEmpty();
        assertThat(model.pageSummaryProperty().get()).isEqualTo("page 1 of 1 · 0 sessions");
        model.addressFilterProperty().set("");

        model.loadNodes();
        assertThat(model.nodeIds()).containsExactly("", broker.server().nodeId());
        model.nodeFilterProperty().set(broker.server().nodeId());
        assertThat(model.position().totalProperty().get()).isEqualTo(4);
        model.nodeFilterProperty().set("some-other-node");
        assertThat(model.position().totalProperty().get()).isZero();
        assertThat(model.errorProperty().get()).isEmpty();
    }

    @Test
    void the_broker_sorts_and_pages_and_the_page_text_follows() {
        int[] subscriptionCounts = {3, 1, 5, 0, 2};
        String[] ids = {"client-a", "client-b", "client-c", "client-d", "client-e"};
        for (int i = 0; i < ids.length; i++) {
            Mqtt5BlockingClient client = mqtt.clean(ids[i]);
            for (int s = 0; s < subscriptionCounts[i]; s++) {
                MqttClients.subscribe(client, "topic/" + s);
            }
        }

        SessionsViewModel model = modelWithPagesOf(2);
        model.refresh();
        assertThat(clientIds(model)).containsExactly("client-a", "client-b");
        assertThat(model.pageSummaryProperty().get()).isEqualTo("page 1 of 3 · 5 sessions");
        assertThat(model.position().hasPreviousProperty().get()).isFalse();
        assertThat(model.position().hasNextProperty().get()).isTrue();
        model.nextPage();
        assertThat(clientIds(model)).containsExactly("client-c", "client-d");
        assertThat(model.pageSummaryProperty().get()).isEqualTo("page 2 of 3 · 5 sessions");
        model.nextPage();
        assertThat(clientIds(model)).containsExactly("client-e");
        assertThat(model.position().hasNextProperty().get()).isFalse();
        model.nextPage();
        assertThat(model.pageSummaryProperty().get()).as("no page after the last").isEqualTo("page 3 of 3 · 5 sessions");

        model.sortBy(SessionSort.SUBSCRIPTIONS, true);
        assertThat(model.position().pageProperty().get()).as("a new order starts at the first page").isZero();
        assertThat(clientIds(model)).containsExactly("client-c", "client-a");
        model.nextPage();
        assertThat(clientIds(model)).containsExactly("client-e", "client-b");
        model.previousPage();
        assertThat(clientIds(model)).containsExactly("client-c", "client-a");
        assertThat(model.position().hasPreviousProperty().get()).isFalse();

        model.sortBy(SessionSort.SUBSCRIPTIONS, false);
        assertThat(clientIds(model)).containsExactly("client-d", "client-b");
        model.sortBy(SessionSort.CLIENT_ID, true);
        assertThat(clientIds(model)).containsExactly("client-e", "client-d");

        // Sessions that end while the last page is shown: the view moves to the last page left.
        model.nextPage();
        model.nextPage();
        assertThat(clientIds(model)).containsExactly("client-a");
        admin.removeSession("client-a");
        admin.removeSession("client-b");
        model.refresh();
        assertThat(model.pageSummaryProperty().get()).isEqualTo("page 2 of 2 · 3 sessions");
        assertThat(clientIds(model)).containsExactly("client-c");
    }

    @Test
    void disconnect_ends_the_clients_connection_and_keeps_its_persistent_session() {
        Mqtt5BlockingClient kicked = mqtt.persistent("kick-me");
        MqttClients.subscribe(kicked, "alerts/#");
        SessionsViewModel model = model();
        model.refresh();
        model.select("kick-me");
        assertThat(model.canDisconnectProperty().get()).isTrue();

        model.disconnectSelected();

        await().atMost(5, TimeUnit.SECONDS).until(() -> !kicked.getState().isConnected());
        assertThat(broker.server().sessions().get("kick-me").isConnected()).isFalse();
        assertThat(row(model, "kick-me").connected()).as("the list shows it offline at once").isFalse();
        assertThat(model.detailsProperty().get().session().connected()).isFalse();
        assertThat(model.subscriptions()).extracting(SubscriptionInfo::topicFilter).containsExactly("alerts/#");
        assertThat(model.canDisconnectProperty().get()).isFalse();
        assertThat(model.errorProperty().get()).isEmpty();
    }

    @Test
    void remove_ends_the_session_and_disconnects_a_connected_client() {
        Mqtt5BlockingClient doomed = mqtt.persistent("remove-me");
        MqttClients.subscribe(doomed, "orders/#");
        mqtt.clean("stays");
        SessionsViewModel model = model();
        model.refresh();
        model.select("remove-me");

        model.removeSelected();

        await().atMost(5, TimeUnit.SECONDS).until(() -> !doomed.getState().isConnected());
        assertThat(broker.server().sessions().get("remove-me")).isNull();
        assertThat(clientIds(model)).containsExactly("stays");
        assertThat(model.selectedClientIdProperty().get()).isNull();
        assertThat(model.detailsProperty().get()).isNull();
        assertThat(model.canRemoveProperty().get()).isFalse();
        assertThat(model.errorProperty().get()).isEmpty();
    }

    @Test
    void a_command_the_broker_refuses_is_said_and_the_list_shows_why() {
        Mqtt5BlockingClient leaving = mqtt.persistent("leaving");
        SessionsViewModel model = model();
        model.refresh();
        model.select("leaving");
        assertThat(model.canDisconnectProperty().get()).isTrue();
        // The client leaves by itself before the operator's Disconnect reaches the broker.
        mqtt.leave(leaving);

        model.disconnectSelected();

        assertThat(model.errorProperty().get()).isEqualTo("client 'leaving' is not connected");
        assertThat(row(model, "leaving").connected()).isFalse();
        assertThat(model.canDisconnectProperty().get()).isFalse();
        model.refresh();
        assertThat(model.errorProperty().get()).as("a reload does not hide what the command said").isNotEmpty();

        // A session that ends while shown: the details say so instead of showing stale fields.
        admin.removeSession("leaving");
        model.refresh();
        assertThat(model.detailsProperty().get()).isNull();
        assertThat(model.selectedClientIdProperty().get()).isNull();
        assertThat(model.detailsNoteProperty().get()).isEqualTo("The session of 'leaving' has ended.");
        model.refresh();
        assertThat(model.detailsNoteProperty().get()).as("the note stays until another session is chosen")
                .isEqualTo("The session of 'leaving' has ended.");
    }
}
