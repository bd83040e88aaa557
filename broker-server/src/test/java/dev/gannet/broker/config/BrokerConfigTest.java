package dev.gannet.broker.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerConfigTest {

    @TempDir
    Path dir;

    @Test
    void the_documented_example_file_holds_exactly_the_defaults() {
        Path example = Path.of("config", "gannet.yml");
        BrokerConfig fromFile = BrokerConfig.from(ConfigSource.load(example, Map.of()));
        assertThat(fromFile).isEqualTo(BrokerConfig.defaults());
    }

    @Test
    void defaults_match_the_readme() {
        BrokerConfig config = BrokerConfig.defaults();
        assertThat(config.mqtt().port()).isEqualTo(1883);
        assertThat(config.http().port()).isEqualTo(8083);
        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.session().device().overflow()).isEqualTo(QueueOverflowPolicy.DROP_OLDEST);
        assertThat(config.session().defaultClientType()).isEqualTo(dev.gannet.broker.session.ClientType.DEVICE);
        assertThat(config.session().device().maxQueuedMessages()).isEqualTo(1_000);
        assertThat(config.session().application().maxQueuedMessages()).isEqualTo(100_000);
        assertThat(config.storage().fsync()).isEqualTo(dev.gannet.broker.storage.FsyncPolicy.INTERVAL);
    }

    @Test
    void environment_variables_override_the_file() throws IOException {
        Path file = write("mqtt:\n  port: 1999\nhttp:\n  port: 9000\n");
        BrokerConfig config = BrokerConfig.from(ConfigSource.load(file, Map.of(
                "GANNET_MQTT_PORT", "2883",
                "GANNET_DATA_DIR", "/var/lib/gannet",
                "GANNET_SESSION_APPLICATION_QUEUE_OVERFLOW", "drop-newest",
                "GANNET_SESSION_MAX_INFLIGHT", "7")));
        assertThat(config.mqtt().port()).isEqualTo(2883);
        assertThat(config.http().port()).isEqualTo(9000);
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/gannet"));
        assertThat(config.session().application().overflow()).isEqualTo(QueueOverflowPolicy.DROP_NEWEST);
        assertThat(config.session().maxInflight()).isEqualTo(7);
    }

    @Test
    void http_port_is_overridable_by_its_documented_variable() {
        BrokerConfig config = BrokerConfig.from(ConfigSource.load(null, Map.of("GANNET_HTTP_PORT", "18083")));
        assertThat(config.http().port()).isEqualTo(18083);
    }

    @Test
    void a_bad_environment_value_names_the_key_and_the_variable() {
        assertThatThrownBy(() -> BrokerConfig.from(ConfigSource.load(null, Map.of("GANNET_MQTT_PORT", "eighteen"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.port")
                .hasMessageContaining("GANNET_MQTT_PORT")
                .hasMessageContaining("eighteen");
    }

    @Test
    void an_out_of_range_value_in_the_file_names_the_key_and_the_file() throws IOException {
        Path file = write("mqtt:\n  port: 70000\n");
        assertThatThrownBy(() -> BrokerConfig.from(ConfigSource.load(file, Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.port")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("0 to 65535");
    }

    @Test
    void an_unknown_choice_lists_the_allowed_ones() {
        assertThatThrownBy(() -> BrokerConfig.from(ConfigSource.load(null, Map.of("GANNET_SESSION_DEVICE_QUEUE_OVERFLOW", "keep-all"))))
                .hasMessageContaining("session.device.queue-overflow")
                .hasMessageContaining("drop-newest, drop-oldest");
    }

    @Test
    void a_misspelt_key_in_the_file_is_refused_rather_than_ignored() throws IOException {
        Path file = write("mqtt:\n  prot: 1884\n");
        assertThatThrownBy(() -> BrokerConfig.from(ConfigSource.load(file, Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.prot");
    }

    @Test
    void a_missing_file_is_reported_with_its_path() {
        Path missing = dir.resolve("nope.yml");
        assertThatThrownBy(() -> ConfigSource.load(missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.yml");
    }

    @Test
    void broken_yaml_is_reported_as_a_configuration_error() throws IOException {
        Path file = write("mqtt: [port\n");
        assertThatThrownBy(() -> BrokerConfig.from(ConfigSource.load(file, Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void environment_variable_names_follow_the_key() {
        assertThat(ConfigSource.environmentVariable("mqtt.max-packet-size")).isEqualTo("GANNET_MQTT_MAX_PACKET_SIZE");
        assertThat(ConfigSource.environmentVariable("data.dir")).isEqualTo("GANNET_DATA_DIR");
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("gannet.yml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void the_auth_provider_order_is_checked_and_named_in_errors() {
        assertThat(BrokerConfig.defaults().security().authProviders())
                .containsExactly(dev.gannet.broker.auth.AuthProvider.X509, dev.gannet.broker.auth.AuthProvider.BASIC);
        assertThat(BrokerConfig.from(ConfigSource.of(Map.of("security.auth-providers", "Basic, x509"))).security().authProviders())
                .containsExactly(dev.gannet.broker.auth.AuthProvider.BASIC, dev.gannet.broker.auth.AuthProvider.X509);
        assertThatThrownBy(() -> BrokerConfig.from(ConfigSource.of(Map.of("security.auth-providers", "basic,ldap"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("security.auth-providers").hasMessageContaining("'ldap'");
        assertThatThrownBy(() -> BrokerConfig.from(ConfigSource.of(Map.of("security.auth-providers", "basic,basic"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("named twice");
    }

    @Test
    void cluster_settings_are_checked_and_a_redis_password_is_not_shown() {
        BrokerConfig.ClusterConfig cluster = BrokerConfig.from(ConfigSource.of(Map.of("cluster.enabled", "true",
                "cluster.node-id", "node-2", "cluster.redis.uri", "redis://:s3cret@cache:6379/1"))).cluster();
        assertThat(cluster.enabled()).isTrue();
        assertThat(cluster.nodeId()).isEqualTo("node-2");
        assertThat(cluster.toString()).doesNotContain("s3cret");
        assertThat(BrokerConfig.from(ConfigSource.of(Map.of("cluster.redis.uri", "redis://:s3cret@cache:6379"))).settings())
                .filteredOn(s -> s.key().equals("cluster.redis.uri")).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo("***"));
        assertThat(BrokerConfig.defaults().cluster().enabled()).isFalse();
        assertThatThrownBy(() -> BrokerConfig.from(ConfigSource.of(Map.of("cluster.node-id", "node 1/a"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.node-id").hasMessageContaining("Kafka topics");
        assertThatThrownBy(() -> BrokerConfig.from(ConfigSource.of(Map.of("cluster.redis.uri", "localhost:6379"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.redis.uri");
        assertThatThrownBy(() -> BrokerConfig.from(ConfigSource.of(Map.of("cluster.postgres.url", "jdbc:mysql://db/gannet"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.postgres.url");
        assertThatThrownBy(() -> BrokerConfig.from(ConfigSource.of(Map.of("cluster.kafka.publish-partitions", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.kafka.publish-partitions");
    }
}
