package dev.gannet.broker.management;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import dev.gannet.broker.testing.BrokerWithCredentials;
import dev.gannet.model.api.BlockType;
import dev.gannet.model.api.BlockedClient;
import dev.gannet.model.api.BlockedClientRequest;
import dev.gannet.model.api.ClientType;
import dev.gannet.model.api.ConfigEntry;
import dev.gannet.model.api.Credentials;
import dev.gannet.model.api.CredentialsRequest;
import dev.gannet.model.api.CredentialsType;
import dev.gannet.model.api.Health;
import dev.gannet.model.api.ImportResult;
import dev.gannet.model.api.Page;
import dev.gannet.model.api.RetainedMessageInfo;
import dev.gannet.model.api.SessionDetails;
import dev.gannet.model.api.SessionInfo;
import dev.gannet.model.api.SessionQuery;
import dev.gannet.model.api.StatsHistory;
import dev.gannet.model.api.StatsSnapshot;
import dev.gannet.model.api.SubscriptionInfo;
import dev.gannet.model.api.Topology;
import dev.gannet.model.api.UnauthorizedClient;
import dev.gannet.model.client.ApiException;
import dev.gannet.model.client.GannetClient;
import dev.gannet.model.client.LiveStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The management endpoint through its Java client, against a real broker that authenticates
 * MQTT clients with the credentials the API creates, and real MQTT clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementApiIT {

    private static final String ADMIN_PASSWORD = "admin-secret-1";

    private BrokerWithCredentials broker;
    private GannetClient api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        broker = new BrokerWithCredentials(Map.of("security.admin-password", ADMIN_PASSWORD, "security.allow-anonymous", "false"));
        api = GannetClient.of(baseUrl());
        api.login("admin", ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() {
        broker.close();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + broker.server().managementPort();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Mqtt5BlockingClient mqtt5(String clientId, String user, String password,
                                      CompletableFuture<Mqtt5DisconnectReasonCode> disconnectReason) {
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(broker.port())
                .addDisconnectedListener(context -> {
                    if (context.getCause() instanceof Mqtt5DisconnectException e) {
                        disconnectReason.complete(e.getMqttMessage().getReasonCode());
                    } else {
                        disconnectReason.completeExceptionally(context.getCause());
                    }
                })
                .buildBlocking();
        client.connectWith().simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .sessionExpiryInterval(3_600).send();
        return client;
    }

    private HttpResponse<String> raw(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void an_operator_creates_credentials_sees_the_client_session_with_its_figures_and_disconnects_it() throws Exception {
        String user = unique("app");
        String clientId = unique("dashboard");
        Credentials created = api.createCredentials(CredentialsRequest.basic("Dashboard", ClientType.APPLICATION, null, user,
                "pw-" + user, List.of("telemetry/.*"), List.of("telemetry/.*", "alerts/.*")));
        assertThat(created.passwordSet()).isTrue();
        assertThat(created.credentialsType()).isEqualTo(CredentialsType.MQTT_BASIC);

        CompletableFuture<Mqtt5DisconnectReasonCode> reason = new CompletableFuture<>();
        Mqtt5BlockingClient client = mqtt5(clientId, user, "pw-" + user, reason);
        client.subscribeWith().topicFilter("telemetry/#").qos(MqttQos.AT_LEAST_ONCE).send();
        client.subscribeWith().topicFilter("alerts/+").qos(MqttQos.AT_MOST_ONCE).noLocal(true).send();
        for (int i = 0; i < 3; i++) {
            client.publishWith().topic("telemetry/" + clientId).payload(new byte[]{1, 2, 3}).qos(MqttQos.AT_LEAST_ONCE).send();
        }

        Page<SessionInfo> page = api.sessions(SessionQuery.all(50).withClientId(clientId));
        assertThat(page.total()).isEqualTo(1);
        SessionInfo session = page.items().get(0);
        assertThat(session.clientId()).isEqualTo(clientId);
        assertThat(session.connected()).isTrue();
        assertThat(session.protocolVersion()).isEqualTo("5");
        assertThat(session.address()).startsWith("127.0.0.1:");
        assertThat(session.clientType()).as("the type comes from the credentials").isEqualTo(ClientType.APPLICATION);
        assertThat(session.username()).isEqualTo(user);
        assertThat(session.subscriptions()).isEqualTo(2);
        assertThat(session.persistent()).isTrue();
        assertThat(session.nodeId()).isEqualTo("local");

        SessionDetails details = api.session(clientId);
        assertThat(details.subscriptions()).extracting(SubscriptionInfo::topicFilter).containsExactly("alerts/+", "telemetry/#");
        assertThat(details.subscriptions().get(0).noLocal()).isTrue();
        assertThat(details.subscriptions().get(1).qos()).isEqualTo(1);
        assertThat(details.messagesReceived()).isEqualTo(3);
        await().atMost(5, TimeUnit.SECONDS).until(() -> api.session(clientId).messagesSent() == 3);

        api.disconnect(clientId);
        assertThat(reason.get(10, TimeUnit.SECONDS)).isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
        await().atMost(5, TimeUnit.SECONDS).until(() -> !api.session(clientId).session().connected());
        assertThat(api.sessions(SessionQuery.all(50).withClientId(clientId).withConnected(false)).total())
                .as("a persistent session stays after a disconnect").isEqualTo(1);
        assertThatThrownBy(() -> api.disconnect(clientId)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(409));

        api.removeSession(clientId);
        assertThatThrownBy(() -> api.session(clientId)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void removing_a_connected_session_closes_its_connection_and_forgets_it() throws Exception {
        String user = unique("dev");
        api.createCredentials(CredentialsRequest.basic("Device", ClientType.DEVICE, null, user, "pw-" + user, null, null));
        String clientId = "plant/" + unique("line 7"); // a slash and a space: still one path parameter
        CompletableFuture<Mqtt5DisconnectReasonCode> reason = new CompletableFuture<>();
        Mqtt5BlockingClient client = mqtt5(clientId, user, "pw-" + user, reason);
        client.subscribeWith().topicFilter("plant/#").send();
        assertThat(api.session(clientId).session().clientType()).isEqualTo(ClientType.DEVICE);
        assertThat(api.subscriptions(clientId, "plant", 0, 10).items()).extracting(SubscriptionInfo::topicFilter)
                .containsExactly("plant/#");

        api.removeSession(clientId);
        assertThat(reason.get(10, TimeUnit.SECONDS)).isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
        assertThat(api.sessions(SessionQuery.all(50).withClientId(clientId)).total()).isZero();
        assertThat(broker.server().sessions().get(clientId)).isNull();
    }

    @Test
    void sessions_are_filtered_sorted_and_paged() throws Exception {
        String prefix = unique("paged");
        String user = unique("pager");
        api.createCredentials(CredentialsRequest.basic("Pager", ClientType.DEVICE, null, user, "pw-" + user, null, null));
        for (int i = 0; i < 5; i++) {
            Mqtt5BlockingClient client = mqtt5(prefix + "-" + i, user, "pw-" + user, new CompletableFuture<>());
            for (int s = 0; s < i; s++) {
                client.subscribeWith().topicFilter("t/" + s).send();
            }
        }
        Page<SessionInfo> first = api.sessions(SessionQuery.all(2).withClientId(prefix).sortedBy("subscriptions", true));
        assertThat(first.total()).isEqualTo(5);
        assertThat(first.totalPages()).isEqualTo(3);
        assertThat(first.items()).extracting(SessionInfo::clientId).containsExactly(prefix + "-4", prefix + "-3");
        Page<SessionInfo> last = api.sessions(SessionQuery.all(2).withClientId(prefix).sortedBy("subscriptions", true).withPage(2));
        assertThat(last.items()).extracting(SessionInfo::clientId).containsExactly(prefix + "-0");
        assertThat(api.sessions(SessionQuery.all(10).withClientId(prefix).withClientType(ClientType.APPLICATION)).total()).isZero();
        assertThat(api.sessions(SessionQuery.all(10).withClientId(prefix).withAddress("127.0.0.1")).total()).isEqualTo(5);
        assertThatThrownBy(() -> api.sessions(SessionQuery.all(10).sortedBy("colour", false)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error().field()).isEqualTo("sort");
                });
    }

    @Test
    void credentials_are_read_changed_searched_and_deleted_and_every_change_applies_at_the_next_connect() {
        String user = unique("meter");
        Credentials created = api.createCredentials(CredentialsRequest.basic("Meter " + user, ClientType.DEVICE, null, user,
                "first-pw", null, null));
        assertThat(connect3(user, "first-pw")).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);

        Credentials changed = api.changeCredentialsPassword(created.id(), "second-pw");
        assertThat(changed.updatedAt()).isGreaterThanOrEqualTo(created.updatedAt());
        assertThat(connect3(user, "first-pw")).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(connect3(user, "second-pw")).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);

        // an update without a password keeps the stored one and replaces the rest
        Credentials updated = api.updateCredentials(created.id(), CredentialsRequest.basic("Renamed " + user, ClientType.APPLICATION,
                null, user, null, List.of("meters/.*"), null));
        assertThat(updated.name()).isEqualTo("Renamed " + user);
        assertThat(updated.clientType()).isEqualTo(ClientType.APPLICATION);
        assertThat(updated.pubAuthRulePatterns()).containsExactly("meters/.*");
        assertThat(updated.subAuthRulePatterns()).isNull();
        assertThat(connect3(user, "second-pw")).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
        assertThat(api.credentials(created.id())).isEqualTo(updated);

        assertThat(api.credentials(CredentialsType.MQTT_BASIC, "renamed " + user, 0, 10).items())
                .extracting(Credentials::id).containsExactly(created.id());
        assertThat(api.credentials(CredentialsType.SCRAM, user, 0, 10).total()).isZero();

        api.deleteCredentials(created.id());
        assertThat(connect3(user, "second-pw")).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
        assertThatThrownBy(() -> api.credentials(created.id())).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
    }

    private Mqtt3ConnAckReturnCode connect3(String user, String password) {
        Mqtt3BlockingClient client = Mqtt3Client.builder().identifier(unique("c3")).serverHost("127.0.0.1")
                .serverPort(broker.port()).buildBlocking();
        try {
            client.connectWith().simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                    .send();
            client.disconnect();
            return Mqtt3ConnAckReturnCode.SUCCESS;
        } catch (Mqtt3ConnAckException e) {
            return e.getMqttMessage().getReturnCode();
        }
    }

    @Test
    void x509_and_scram_credentials_show_what_they_match_and_never_a_secret() {
        String ca = unique("Factory CA");
        Credentials x509 = api.createCredentials(new CredentialsRequest("Factory", CredentialsType.X_509, ClientType.DEVICE, null, null,
                null, ca, "device-.*", null, null, List.of("cmd/.*")));
        assertThat(x509.certCommonName()).isEqualTo(ca);
        assertThat(x509.certCnPattern()).isEqualTo("device-.*");
        assertThat(x509.passwordSet()).isFalse();

        String user = unique("scram");
        Credentials scram = api.createCredentials(new CredentialsRequest("Scram", CredentialsType.SCRAM, ClientType.APPLICATION, null,
                user, "scram-pw", null, null, "SHA_512", null, null));
        assertThat(scram.userName()).isEqualTo(user);
        assertThat(scram.scramAlgorithm()).isEqualTo("SHA_512");
        assertThat(scram.passwordSet()).isTrue();
        assertThat(broker.server().metadata().credentials().find(scram.id()).orElseThrow().credentialsValue())
                .as("only derived keys are stored").doesNotContain("scram-pw");

        assertThatThrownBy(() -> api.updateCredentials(scram.id(), new CredentialsRequest("Scram", CredentialsType.SCRAM,
                ClientType.APPLICATION, null, user, null, null, null, "SHA_256", null, null)))
                .as("new keys need the password").isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error().field()).isEqualTo("password"));
        assertThatThrownBy(() -> api.changeCredentialsPassword(x509.id(), "x"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void bad_credentials_are_refused_with_the_field_and_why_and_a_taken_key_with_409() {
        assertThatThrownBy(() -> api.createCredentials(CredentialsRequest.basic("Bad rule", ClientType.DEVICE, null, unique("u"),
                "pw", List.of("ok/.*", "broken/(unclosed"), null)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error().field()).isEqualTo("pubAuthRulePatterns[1]");
                    assertThat(e.error().message()).contains("regular expression");
                });
        assertThatThrownBy(() -> api.createCredentials(CredentialsRequest.basic("Nobody", ClientType.DEVICE, null, null, "pw", null, null)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().field()).isEqualTo("clientId"));

        String user = unique("twice");
        api.createCredentials(CredentialsRequest.basic("Once", ClientType.DEVICE, null, user, "pw", null, null));
        assertThatThrownBy(() -> api.createCredentials(CredentialsRequest.basic("Twice", ClientType.DEVICE, null, user, "pw", null, null)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.error().field()).isEqualTo("userName");
                });
    }

    @Test
    void a_bulk_import_creates_every_entry_or_none() {
        String a = unique("csv-a");
        String b = unique("csv-b");
        String csv = "name,credentialsType,clientType,userName,password,pubAuthRulePatterns\n"
                + a + ",MQTT_BASIC,DEVICE," + a + ",pw-a,\"a/.*;b/.*\"\n"
                + b + ",MQTT_BASIC,APPLICATION," + b + ",pw-b,\n";
        ImportResult result = api.importCredentialsCsv(csv);
        assertThat(result.created()).isEqualTo(2);
        assertThat(connect3(b, "pw-b")).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
        Credentials first = api.credentials(CredentialsType.MQTT_BASIC, a, 0, 10).items().get(0);
        assertThat(first.pubAuthRulePatterns()).containsExactly("a/.*", "b/.*");

        String c = unique("json-c");
        ImportResult taken = api.importCredentials(List.of(
                CredentialsRequest.basic(c, ClientType.DEVICE, null, c, "pw", null, null),
                CredentialsRequest.basic(a, ClientType.DEVICE, null, a, "pw", null, null)));
        assertThat(taken.created()).isZero();
        assertThat(taken.problems()).as("the second is taken").singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.field()).isEqualTo("userName");
            assertThat(p.message()).contains("already exist");
        });
        assertThat(api.credentials(null, c, 0, 10).total()).as("nothing of a failed import is kept").isZero();

        ImportResult invalid = api.importCredentialsCsv("name,credentialsType,userName\n" + c + ",MQTT_BASIC,\n");
        assertThat(invalid.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.field()).isEqualTo("clientId");
        });
        assertThat(api.credentials(null, c, 0, 10).total()).isZero();
        assertThat(api.importCredentialsCsv("").problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("empty"));
        assertThatThrownBy(() -> api.importCredentials(null)).as("no entries at all: an ordinary 400")
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().field()).isEqualTo("body"));
    }

    @Test
    void retained_messages_are_browsed_by_filter_and_deleted_for_good() throws Exception {
        String user = unique("ret");
        api.createCredentials(CredentialsRequest.basic("Retainer", ClientType.DEVICE, null, user, "pw-" + user, null, null));
        String root = unique("retained");
        Mqtt5BlockingClient client = mqtt5(unique("retainer"), user, "pw-" + user, new CompletableFuture<>());
        client.publishWith().topic(root + "/a").payload("twenty one".getBytes(StandardCharsets.UTF_8)).retain(true)
                .qos(MqttQos.AT_LEAST_ONCE).contentType("text/plain").send();
        client.publishWith().topic(root + "/b").payload(new byte[]{(byte) 0xff, 0x00}).retain(true).qos(MqttQos.AT_LEAST_ONCE).send();
        client.disconnect();

        Page<RetainedMessageInfo> page = api.retained(root + "/#", 0, 10);
        assertThat(page.items()).extracting(RetainedMessageInfo::topic).containsExactly(root + "/a", root + "/b");
        RetainedMessageInfo a = page.items().get(0);
        assertThat(a.payloadText()).isEqualTo("twenty one");
        assertThat(a.contentType()).isEqualTo("text/plain");
        assertThat(page.items().get(1).payloadText()).as("not UTF-8").isNull();
        assertThat(Base64.getDecoder().decode(page.items().get(1).payloadBase64())).containsExactly(0xff, 0x00);

        api.deleteRetained(root + "/a");
        assertThat(api.retained(root + "/#", 0, 10).items()).extracting(RetainedMessageInfo::topic).containsExactly(root + "/b");
        assertThat(broker.server().retained().get(root + "/a")).isNull();
        assertThatThrownBy(() -> api.deleteRetained(root + "/a")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> api.retained(root + "/#/x", 0, 10)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.error().field()).isEqualTo("filter"));
    }

    @Test
    void a_blocked_client_is_refused_and_refusals_are_in_the_unauthorized_log() {
        String user = unique("blocked");
        api.createCredentials(CredentialsRequest.basic("Blocked", ClientType.DEVICE, null, user, "pw-" + user, null, null));
        BlockedClient block = api.block(new BlockedClientRequest(BlockType.USERNAME, user, null, "misbehaves", null));
        assertThat(block.expired()).isFalse();
        assertThat(api.blockedClients()).extracting(BlockedClient::id).contains(block.id());

        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier(unique("victim")).serverHost("127.0.0.1")
                .serverPort(broker.port()).buildBlocking();
        assertThatThrownBy(() -> client.connectWith().simpleAuth().username(user).password(("pw-" + user).getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BANNED));
        await().atMost(5, TimeUnit.SECONDS).until(() -> api.unauthorizedClients(0, 100).items().stream()
                .anyMatch(u -> user.equals(u.username()) && u.passwordProvided()));
        UnauthorizedClient logged = api.unauthorizedClients(0, 100).items().stream().filter(u -> user.equals(u.username()))
                .findFirst().orElseThrow();
        assertThat(logged.remoteAddress()).startsWith("127.0.0.1");

        api.unblock(block.id());
        assertThat(connect3(user, "pw-" + user)).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
        assertThatThrownBy(() -> api.unblock(block.id())).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> api.block(new BlockedClientRequest(BlockType.REGEX, "([", BlockType.CLIENT_ID, null, null)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().field()).isEqualTo("pattern"));
    }

    @Test
    void nodes_figures_history_configuration_and_prometheus_text_describe_the_running_broker() throws Exception {
        Health health = api.health();
        assertThat(health.status()).isEqualTo("UP");
        Topology topology = api.topology();
        assertThat(topology.mode()).isEqualTo("embedded");
        assertThat(topology.nodes()).singleElement().satisfies(node -> {
            assertThat(node.id()).isEqualTo("local");
            assertThat(node.listeners()).containsEntry("TCP", "mqtt://127.0.0.1:" + broker.port());
        });

        assertThat(api.nodes()).singleElement().satisfies(node -> {
            assertThat(node.status()).isEqualTo(dev.gannet.model.api.NodeStatus.ONLINE);
            assertThat(node.version()).isNotBlank();
            assertThat(node.uptimeMillis()).isPositive();
            assertThat(node.startedAt()).isLessThanOrEqualTo(System.currentTimeMillis());
        });

        String user = unique("stats");
        api.createCredentials(CredentialsRequest.basic("Stats", ClientType.DEVICE, null, user, "pw-" + user, null, null));
        Mqtt5BlockingClient client = mqtt5(unique("stats"), user, "pw-" + user, new CompletableFuture<>());
        long before = api.stats().total().messagesIn();
        client.publishWith().topic("stats/x").payload(new byte[100]).send();
        await().atMost(5, TimeUnit.SECONDS).until(() -> api.stats().total().messagesIn() > before);
        StatsSnapshot stats = api.stats();
        assertThat(stats.total().bytesIn()).isGreaterThanOrEqualTo(100);
        assertThat(stats.total().connections()).isGreaterThanOrEqualTo(1);
        assertThat(stats.nodes()).containsKey("local");
        StatsHistory history = api.statsHistory(3_600, 1, null);
        assertThat(history.points()).isNotEmpty();
        StatsHistory day = api.statsHistory(86_400, 300, null);
        assertThat(day.stepSeconds()).as("beyond the hour: from the minute samples").isEqualTo(300);
        assertThatThrownBy(() -> api.statsHistory(8 * 86_400, 60, null)).as("beyond the retention")
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().field()).isEqualTo("seconds"));
        assertThatThrownBy(() -> api.statsHistory(3_600, 1, "elsewhere")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));

        List<ConfigEntry> config = api.configuration();
        assertThat(config).filteredOn(e -> e.key().equals("security.admin-password")).singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo("***"));
        assertThat(config).filteredOn(e -> e.key().equals("mqtt.max-qos")).singleElement().satisfies(e -> {
            assertThat(e.value()).isEqualTo("2");
            assertThat(e.environmentVariable()).isEqualTo("GANNET_MQTT_MAX_QOS");
            assertThat(e.source()).isEqualTo("default");
        });

        String prometheus = api.prometheusMetrics();
        assertThat(prometheus).contains("gannet_messages_received_total{node=\"local\"}").contains("jvm_memory_used_bytes")
                .contains("gannet_connections{node=\"local\"}");
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/metrics"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).as("Prometheus scrapes with basic auth").isEqualTo(200);
        assertThat(basic.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    }

    @Test
    void the_live_stream_pushes_topology_at_once_and_figures_every_second() throws Exception {
        List<StatsSnapshot> stats = new CopyOnWriteArrayList<>();
        List<Topology> topologies = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        LiveStream stream = api.stream(stats::add, topologies::add, errors::add);
        try {
            await().atMost(10, TimeUnit.SECONDS).until(() -> stats.size() >= 3);
            assertThat(topologies).isNotEmpty();
            assertThat(topologies.get(0).nodes()).extracting(n -> n.id()).containsExactly("local");
            long first = stats.get(1).total().at();
            long second = stats.get(2).total().at();
            assertThat(second - first).as("a sample a second").isBetween(500L, 3_000L);
        } finally {
            stream.close();
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void unauthenticated_and_malformed_requests_are_refused_without_a_stack_trace() throws Exception {
        HttpResponse<String> anonymous = raw("GET", "/api/sessions", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"status\":401").contains("log in");
        assertThat(raw("GET", "/api/credentials", "not-a-token", null).statusCode()).isEqualTo(401);
        assertThat(raw("GET", "/metrics", null, null).statusCode()).isEqualTo(401);
        assertThat(raw("GET", "/api/openapi.yaml", null, null).statusCode()).isEqualTo(401);
        assertThat(raw("GET", "/api/health", null, null).statusCode()).as("health needs no login").isEqualTo(200);

        assertThatThrownBy(() -> GannetClient.of(baseUrl()).login("admin", "wrong"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));

        String token = api.token();
        HttpResponse<String> notJson = raw("POST", "/api/credentials", token, "{\"name\": ");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("\"field\":\"body\"").doesNotContain("at com.").doesNotContain("Exception");
        HttpResponse<String> wrongEnum = raw("POST", "/api/credentials", token,
                "{\"name\":\"x\",\"credentialsType\":\"KERBEROS\",\"userName\":\"x\"}");
        assertThat(wrongEnum.statusCode()).isEqualTo(400);
        assertThat(wrongEnum.body()).contains("\"field\":\"credentialsType\"").contains("MQTT_BASIC");
        HttpResponse<String> unknownField = raw("POST", "/api/credentials", token, "{\"name\":\"x\",\"colour\":\"red\"}");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(unknownField.body()).contains("colour");
        HttpResponse<String> badPage = raw("GET", "/api/sessions?size=100000", token, null);
        assertThat(badPage.statusCode()).isEqualTo(400);
        assertThat(badPage.body()).contains("\"field\":\"size\"");
        HttpResponse<String> notEvents = raw("GET", "/api/stream", token, null);
        assertThat(notEvents.statusCode()).as("the stream needs Accept: text/event-stream").isEqualTo(406);
        assertThat(notEvents.body()).contains("text/event-stream");
        HttpResponse<String> wrongMethod = raw("PATCH", "/api/credentials", token, null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).contains("\"status\":405");
        HttpResponse<String> nowhere = raw("GET", "/api/nowhere", token, null);
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(nowhere.body()).contains("\"status\":404");

        GannetClient other = GannetClient.of(baseUrl());
        other.login("admin", ADMIN_PASSWORD);
        other.logout();
        assertThat(raw("GET", "/api/sessions", other.token() == null ? "logged-out" : other.token(), null).statusCode()).isEqualTo(401);
    }

    @Test
    void administrators_are_added_changed_and_removed_but_never_by_themselves() {
        String name = unique("ops");
        api.createAdmin(name, "ops-password-1");
        GannetClient ops = GannetClient.of(baseUrl());
        ops.login(name, "ops-password-1");
        assertThat(ops.admins()).extracting(a -> a.username()).contains("admin", name);
        assertThatThrownBy(() -> ops.deleteAdmin(name)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> api.createAdmin(name, "another-password")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> api.createAdmin(unique("short"), "short")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.error().field()).isEqualTo("password"));
        assertThatThrownBy(() -> api.createAdmin("ops/" + name, "long-enough-1")).as("a name the API's paths could not address")
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().field()).isEqualTo("username"));

        api.changeAdminPassword(name, "ops-password-2");
        assertThatThrownBy(ops::admins).as("a changed password logs the other sessions out")
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
        ops.login(name, "ops-password-2");
        api.deleteAdmin(name);
        assertThatThrownBy(ops::admins).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }
}
