package dev.gannet.broker.storage.cluster;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientKeysTest {

    @Test
    void the_hash_tag_is_the_client_id_with_percent_and_closing_braces_escaped() {
        assertThat(ClientKeys.tag("sensor-1")).isEqualTo("sensor-1");
        assertThat(ClientKeys.tag("a{b")).isEqualTo("a{b");
        assertThat(ClientKeys.tag("}")).isEqualTo("%7D");
        assertThat(ClientKeys.tag("%7D")).isEqualTo("%257D");
        assertThat(ClientKeys.tag("")).isEqualTo("%");
        assertThat(ClientKeys.tag("%")).isEqualTo("%25");
    }

    @Test
    void all_keys_of_a_client_hash_to_one_slot_whatever_the_id() {
        for (String client : List.of("plain", "}", "}}", "{", "{}", "a}b", "{a}", "", "%", "ü/€")) {
            byte[][] keys = ClientKeys.of("gannet", client);
            assertThat(keys.length).isEqualTo(ClientKeys.COUNT);
            assertThat(Arrays.stream(keys).map(SlotHash::getSlot).distinct()).as(client).hasSize(1);
            assertThat(new String(keys[0], StandardCharsets.UTF_8)).isEqualTo("gannet:{" + ClientKeys.tag(client) + "}:q");
            assertThat(new String(keys[ClientKeys.INBOUND], StandardCharsets.UTF_8)).endsWith("}:in");
        }
    }

    @Test
    void a_prefix_with_braces_is_refused() {
        assertThatThrownBy(() -> ClientKeys.checkPrefix("ga{nn}et")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ga{nn}et");
        assertThat(ClientKeys.checkPrefix("gannet.prod")).isEqualTo("gannet.prod");
    }
}
