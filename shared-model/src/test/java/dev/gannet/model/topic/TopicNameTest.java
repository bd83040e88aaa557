package dev.gannet.model.topic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "/", "a/b", "/a", "a/", "a//b", "$SYS/x", "sport/tennis/player1", " ", "ü", "$share/g/a"})
    void valid_topic_names_are_accepted(String value) {
        assertThat(TopicName.problemWith(value)).isNull();
        assertThat(TopicName.of(value).value()).isEqualTo(value);
        assertThat(TopicName.of(value).toString()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "#", "a/+", "a/#", "a+", "#a", "a/b#"})
    void empty_names_and_names_with_wildcards_are_rejected(String value) {
        assertThat(TopicName.problemWith(value)).isNotNull();
        assertThatThrownBy(() -> TopicName.of(value)).isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void a_null_name_is_rejected() {
        assertThat(TopicName.problemWith(null)).isNotNull();
        assertThatThrownBy(() -> new TopicName(null)).isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void a_name_containing_the_null_character_is_rejected() {
        assertThat(TopicName.problemWith("a\u0000b")).contains("U+0000");
        assertThatThrownBy(() -> TopicName.of("\u0000")).isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void a_name_of_exactly_65535_utf8_bytes_is_accepted_and_one_byte_more_is_not() {
        assertThat(TopicName.problemWith("a".repeat(65_535))).isNull();
        assertThat(TopicName.problemWith("a".repeat(65_536))).contains("65535");
    }

    @Test
    void the_limit_counts_multi_byte_characters_by_their_encoded_size() {
        // '€' is three bytes in UTF-8: 21845 of them are exactly 65535 bytes.
        assertThat(TopicName.problemWith("€".repeat(21_845))).isNull();
        assertThat(TopicName.problemWith("€".repeat(21_845) + "a")).isNotNull();
    }

    @Test
    void a_name_starting_with_dollar_is_a_system_topic() {
        assertThat(TopicName.of("$SYS/broker").isSystemTopic()).isTrue();
        assertThat(TopicName.of("$").isSystemTopic()).isTrue();
        assertThat(TopicName.of("a/$SYS").isSystemTopic()).isFalse();
        assertThat(TopicName.of("/$SYS").isSystemTopic()).isFalse();
    }
}
