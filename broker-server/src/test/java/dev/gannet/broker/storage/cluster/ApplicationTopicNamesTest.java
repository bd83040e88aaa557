package dev.gannet.broker.storage.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class ApplicationTopicNamesTest {

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    /** An encoded id: kept characters and whole escapes, nothing else. */
    private static final Pattern ENCODED = Pattern.compile("(?:[a-zA-Z0-9-]|_[0-9A-F]{2})*");

    private final ApplicationTopicNames names = new ApplicationTopicNames("gannet.");

    @Test
    void letters_digits_and_dashes_stay_and_every_other_byte_is_escaped() {
        assertThat(names.topic("sensor-1")).isEqualTo("gannet.app.sensor-1");
        assertThat(ApplicationTopicNames.encode("plant/line 1:ü")).isEqualTo("plant_2Fline_201_3A_C3_BC");
        // '_' is the escape character and '.' reads as '_' to Kafka's collision check: both escaped.
        assertThat(ApplicationTopicNames.encode("a_b.c")).isEqualTo("a_5Fb_2Ec");
        assertThat(ApplicationTopicNames.encode("")).isEmpty();
    }

    @Test
    void a_name_reads_back_as_its_client_id() {
        for (String id : List.of("plain", "plant/line 1:ü", "_41", "a_5F", ".", "..", "", "😀 {}%", "A".repeat(200))) {
            String topic = names.topic(id);
            assertThat(topic).as(id).matches(LEGAL);
            assertThat(names.decode(topic)).as(id).contains(id);
        }
        assertThat(names.decode("gannet.app.a_4")).isEmpty(); // a broken escape
        assertThat(names.decode("gannet.app.a_4f")).isEmpty(); // lower case is not what encode writes
        assertThat(names.decode("gannet.publish")).isEmpty();
    }

    @Test
    void ids_that_differ_only_in_escaped_characters_get_names_that_neither_match_nor_clash_in_kafka() {
        List<String> ids = List.of("plant/line 1:ü", "plant_line 1:ü", "plant.line 1:ü", "plant line 1:ü", "plant-line 1:ü",
                ".41", "A", "_41", "_2E", "a.b", "a_b");
        Set<String> topics = new HashSet<>();
        Set<String> asKafkaCompares = new HashSet<>();
        for (String id : ids) {
            String topic = names.topic(id);
            topics.add(topic);
            // Kafka refuses a topic equal to an existing one once '.' is read as '_'.
            asKafkaCompares.add(topic.replace('.', '_'));
        }
        assertThat(topics).hasSize(ids.size());
        assertThat(asKafkaCompares).hasSize(ids.size());
    }

    @Test
    void long_ids_are_cut_between_escapes_and_end_in_their_hash() {
        String longId = "ü".repeat(200);
        String almostSame = "ü".repeat(199) + "u";
        String topic = names.topic(longId);
        assertThat(topic).matches(LEGAL).isNotEqualTo(names.topic(almostSame));
        assertThat(topic.length()).isBetween(ApplicationTopicNames.MAX_LENGTH - 2, ApplicationTopicNames.MAX_LENGTH);
        String kept = topic.substring("gannet.app.".length(), topic.indexOf("__"));
        assertThat(kept).matches(ENCODED).isNotEmpty();
        assertThat(topic.substring(topic.indexOf("__") + 2)).matches("[0-9a-f]{64}");
        assertThat(names.decode(topic)).isEmpty();
        // The longest id that still fits is not hashed.
        String fits = "a".repeat(ApplicationTopicNames.MAX_LENGTH - "gannet.app.".length());
        assertThat(names.topic(fits)).doesNotContain("__").hasSize(ApplicationTopicNames.MAX_LENGTH);
        assertThat(names.topic(fits + "a")).contains("__").hasSize(ApplicationTopicNames.MAX_LENGTH);
    }

    @Test
    void a_prefix_kafka_refuses_or_too_long_for_a_hashed_name_is_refused() {
        assertThatThrownBy(() -> new ApplicationTopicNames("gannet/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gannet/");
        assertThatThrownBy(() -> new ApplicationTopicNames("p".repeat(200))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
        assertThat(new ApplicationTopicNames("").topic("x")).isEqualTo("app.x");
    }
}
