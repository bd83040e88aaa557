package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.storage.StoredSubscription;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The session directory's record format: what one Gannet writes, every later one must read. */
class ClusterSessionCodecTest {

    @Test
    void a_record_comes_back_as_it_was_written() throws IOException {
        ClusterSession full = new ClusterSession("client-ü", "node-1", true, 0xFFFF_FFFFL, "APPLICATION", List.of(
                new StoredSubscription("sensors/+/temp", 1, false, false, 0, 0),
                new StoredSubscription("$share/g/jobs/#", 2, true, true, 2, 268_435_455)));
        ClusterSession unowned = new ClusterSession("c", null, false, 0, "DEVICE", List.of());

        assertThat(ClusterSessionCodec.decode(ClusterSessionCodec.encode(full))).isEqualTo(full);
        assertThat(ClusterSessionCodec.decode(ClusterSessionCodec.encode(unowned))).isEqualTo(unowned);
    }

    @Test
    void the_first_byte_is_the_version_and_an_unknown_one_is_refused() {
        byte[] encoded = ClusterSessionCodec.encode(new ClusterSession("c", "n", true, 60, "DEVICE", List.of()));
        assertThat(encoded[0]).isEqualTo((byte) ClusterSessionCodec.VERSION);

        encoded[0] = 2;
        assertThatThrownBy(() -> ClusterSessionCodec.decode(encoded)).isInstanceOf(IOException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void a_truncated_or_padded_record_is_refused() {
        byte[] encoded = ClusterSessionCodec.encode(new ClusterSession("c", "n", true, 60, "DEVICE",
                List.of(new StoredSubscription("a", 1, false, false, 0, 0))));

        assertThatThrownBy(() -> ClusterSessionCodec.decode(Arrays.copyOf(encoded, encoded.length - 1)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ClusterSessionCodec.decode(Arrays.copyOf(encoded, encoded.length + 1)))
                .isInstanceOf(IOException.class).hasMessageContaining("after the end");
    }
}
