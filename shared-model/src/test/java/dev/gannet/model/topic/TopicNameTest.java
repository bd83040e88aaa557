package dev.gannet.model.topic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "/", "a/b", "//", "$SYS/broker/load", "sport/tennis player1", "\u00fcber/\u2603"})
    void valid_names(String name) {
        assertThat(TopicName.problemWith(name)).isNull();
        assertThat(TopicName.of(name).value()).isEqualTo(name);
    }

    @Test
    void wildcards_empty_names_and_the_null_character_are_refused() {
        assertThat(TopicName.problemWith("a/+")).contains("wildcard '+'");
        assertThat(TopicName.problemWith("a/#")).contains("wildcard '#'");
        assertThat(TopicName.problemWith("")).contains("at least one character");
        assertThat(TopicName.problemWith("a\u0000")).contains("U+0000");
        assertThatThrownBy(() -> TopicName.of("x/#")).isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void the_length_limit_counts_utf8_bytes_not_characters() {
        assertThat(TopicName.problemWith("\u00e9".repeat(32_767))).isNull();     // 65534 bytes
        assertThat(TopicName.problemWith("\u00e9".repeat(32_768))).contains("65535 bytes");
        assertThat(TopicName.problemWith("\uD83D\uDE00".repeat(16_384))).contains("65535 bytes"); // 4 bytes each
    }

    @Test
    void dollar_topics_are_system_topics() {
        assertThat(TopicName.of("$SYS/x").isSystemTopic()).isTrue();
        assertThat(TopicName.of("a/$SYS").isSystemTopic()).isFalse();
    }
}
