package dev.gannet.broker.metadata;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The metadata repositories' contract, run against the embedded H2 database and against a real
 * PostgreSQL: the same Flyway migrations, the same jOOQ queries, the same answers. Each test
 * isolates itself with fresh ids.
 */
abstract class MetadataContract {

    protected abstract MetadataDatabase database();

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static StoredCredentials credentials(String name, String matchingKey) {
        return new StoredCredentials(UUID.randomUUID().toString(), name, "MQTT_BASIC", "DEVICE", matchingKey,
                "{\"password\":\"$2a$10$hash\",\"pubAuthRulePatterns\":[\"sensors/.*\"]}", 1_000, 1_000);
    }

    @Test
    void credentials_are_created_found_by_id_and_by_matching_key_updated_and_deleted() {
        CredentialsRepository repository = database().credentials();
        StoredCredentials created = credentials("thermostat", unique("user|thermostat"));
        repository.create(created);
        assertThat(repository.find(created.id())).contains(created);
        assertThat(repository.findByCredentialsId(created.credentialsId())).contains(created);

        StoredCredentials changed = new StoredCredentials(created.id(), "thermostat v2", "MQTT_BASIC", "APPLICATION",
                created.credentialsId(), "{}", created.createdAt(), 2_000);
        assertThat(repository.update(changed)).isTrue();
        assertThat(repository.find(created.id())).contains(changed);

        assertThat(repository.delete(created.id())).isTrue();
        assertThat(repository.find(created.id())).isEmpty();
        assertThat(repository.delete(created.id())).isFalse();
    }

    @Test
    void a_second_credential_with_the_same_matching_key_is_a_conflict() {
        CredentialsRepository repository = database().credentials();
        String key = unique("user|dup");
        repository.create(credentials("first", key));
        assertThatThrownBy(() -> repository.create(credentials("second", key)))
                .isInstanceOf(DuplicateCredentialsException.class).hasMessageContaining(key);
    }

    @Test
    void client_details_record_connects_and_disconnects() {
        ClientDetailsRepository repository = database().clientDetails();
        String client = unique("meter");
        repository.connected(new ClientDetails(client, "DEVICE", "alice", "MQTT_3_1_1", "10.0.0.7:4242", "node-1",
                true, 5_000, null));
        assertThat(repository.find(client)).hasValueSatisfying(d -> {
            assertThat(d.connected()).isTrue();
            assertThat(d.username()).isEqualTo("alice");
            assertThat(d.lastDisconnectedAt()).isNull();
        });
        repository.disconnected(client, "node-1", 6_000);
        assertThat(repository.find(client)).hasValueSatisfying(d -> {
            assertThat(d.connected()).isFalse();
            assertThat(d.lastDisconnectedAt()).isEqualTo(6_000L);
        });
        repository.connected(new ClientDetails(client, "APPLICATION", null, "MQTT_5", "10.0.0.8:1", "node-2", true, 7_000, null));
        assertThat(repository.find(client)).hasValueSatisfying(d -> {
            assertThat(d.connected()).isTrue();
            assertThat(d.clientType()).isEqualTo("APPLICATION");
            assertThat(d.protocolVersion()).isEqualTo("MQTT_5");
            assertThat(d.nodeId()).isEqualTo("node-2");
            assertThat(d.lastDisconnectedAt()).as("kept from before").isEqualTo(6_000L);
        });
        repository.disconnected(client, "node-1", 8_000);
        assertThat(repository.find(client).orElseThrow().connected()).as("an old node's disconnect is ignored").isTrue();
    }

    @Test
    void connects_and_disconnects_written_in_batches_land_like_single_ones() {
        ClientDetailsRepository repository = database().clientDetails();
        String existing = unique("known");
        repository.connected(new ClientDetails(existing, "DEVICE", "bob", "MQTT_3_1_1", "x:1", "node-1", true, 1_000, null));
        repository.disconnected(existing, "node-1", 2_000);
        String fresh = unique("fresh");
        repository.connected(java.util.List.of(
                new ClientDetails(existing, "APPLICATION", null, "MQTT_5", "y:2", "node-2", true, 3_000, null),
                new ClientDetails(fresh, "DEVICE", "carol", "MQTT_3_1", "z:3", "node-2", true, 3_100, null)));
        assertThat(repository.find(existing)).hasValueSatisfying(d -> {
            assertThat(d.connected()).isTrue();
            assertThat(d.clientType()).isEqualTo("APPLICATION");
            assertThat(d.username()).isNull();
            assertThat(d.nodeId()).isEqualTo("node-2");
            assertThat(d.lastDisconnectedAt()).as("kept from before").isEqualTo(2_000L);
        });
        assertThat(repository.find(fresh)).hasValueSatisfying(d -> {
            assertThat(d.username()).isEqualTo("carol");
            assertThat(d.lastConnectedAt()).isEqualTo(3_100L);
        });
        repository.disconnected(java.util.List.of(new ClientDetailsRepository.Disconnect(existing, "node-2", 4_000),
                new ClientDetailsRepository.Disconnect(fresh, "node-1", 4_100)));
        assertThat(repository.find(existing).orElseThrow().lastDisconnectedAt()).isEqualTo(4_000L);
        assertThat(repository.find(fresh).orElseThrow().connected()).as("another node's disconnect is ignored").isTrue();
    }

    @Test
    void a_restarted_node_marks_its_clients_disconnected() {
        ClientDetailsRepository repository = database().clientDetails();
        String node = unique("node");
        String a = unique("a");
        String b = unique("b");
        repository.connected(new ClientDetails(a, "DEVICE", null, "MQTT_3_1_1", "x", node, true, 1, null));
        repository.connected(new ClientDetails(b, "DEVICE", null, "MQTT_3_1_1", "x", node, true, 1, null));
        assertThat(repository.markAllDisconnected(node, 9)).isEqualTo(2);
        assertThat(repository.find(a).orElseThrow().connected()).isFalse();
    }

    @Test
    void pages_are_ordered_and_counted() {
        CredentialsRepository repository = database().credentials();
        int before = repository.count();
        String prefix = unique("page");
        for (int i = 0; i < 5; i++) {
            repository.create(credentials(prefix + "-" + i, prefix + "|" + i));
        }
        assertThat(repository.count()).isEqualTo(before + 5);
        assertThat(repository.page(0, before + 5)).extracting(StoredCredentials::name)
                .filteredOn(n -> n.startsWith(prefix)).containsExactly(prefix + "-0", prefix + "-1", prefix + "-2",
                        prefix + "-3", prefix + "-4");
    }

    @Test
    void administrators_are_created_once_found_given_new_passwords_and_removed() {
        AdminUserRepository repository = database().adminUsers();
        String name = unique("admin");
        assertThat(repository.create(new AdminUser(name, "$2a$10$first", 100))).isTrue();
        assertThat(repository.create(new AdminUser(name, "$2a$10$other", 200))).as("name taken").isFalse();
        assertThat(repository.find(name)).contains(new AdminUser(name, "$2a$10$first", 100));
        assertThat(repository.changePassword(name, "$2a$10$second")).isTrue();
        assertThat(repository.find(name).orElseThrow().passwordHash()).isEqualTo("$2a$10$second");
        assertThat(repository.all()).extracting(AdminUser::username).contains(name);
        assertThat(repository.delete(name)).isTrue();
        assertThat(repository.find(name)).isEmpty();
    }

    @Test
    void statistics_are_read_back_by_range_in_time_order_and_pruned_by_age() {
        StatisticsRepository repository = database().statistics();
        String node = unique("node");
        repository.record(java.util.List.of(
                new StatisticSample(node, "messages.in", 3_000, 30),
                new StatisticSample(node, "messages.in", 1_000, 10),
                new StatisticSample(node, "messages.in", 2_000, 20),
                new StatisticSample(node, "messages.out", 2_000, 99)));
        assertThat(repository.range(node, "messages.in", 1_000, 3_000)).extracting(StatisticSample::reading)
                .containsExactly(10L, 20L);
        repository.deleteOlderThan(2_000);
        assertThat(repository.range(node, "messages.in", 0, 10_000)).extracting(StatisticSample::sampledAt)
                .containsExactly(2_000L, 3_000L);
    }

    @Test
    void blocks_are_added_listed_and_removed_and_refused_connects_are_kept_per_client() {
        BlockedClientsRepository blocks = database().blockedClients();
        String id = java.util.UUID.randomUUID().toString();
        blocks.add(new BlockedClient(id, "REGEX", "bot-.*", "CLIENT_ID", "crawlers", 99L, 1L));
        assertThat(blocks.all()).contains(new BlockedClient(id, "REGEX", "bot-.*", "CLIENT_ID", "crawlers", 99L, 1L));
        assertThat(blocks.remove(id)).isTrue();
        assertThat(blocks.all()).extracting(BlockedClient::id).doesNotContain(id);

        UnauthorizedClientsRepository log = database().unauthorizedClients();
        String client = unique("intruder");
        log.record(new UnauthorizedClient(client, "10.0.0.1:1", "eve", true, "bad user name or password", 10));
        log.record(new UnauthorizedClient(client, "10.0.0.2:2", "eve", false, "not authorized", 20));
        assertThat(log.find(client)).contains(new UnauthorizedClient(client, "10.0.0.2:2", "eve", false, "not authorized", 20));
        assertThat(log.page(0, 1000)).extracting(UnauthorizedClient::clientId).contains(client);
    }
}
