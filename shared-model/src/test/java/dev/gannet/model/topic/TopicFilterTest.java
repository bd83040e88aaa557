package dev.gannet.model.topic;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "a/b", "+", "#", "/", "a/+/c", "+/+", "a/#", "/#", "$SYS/#", "a//b", "sport/tennis/+/#"})
    void valid_filters_parse(String raw) {
        TopicFilter filter = TopicFilter.parse(raw);
        assertThat(filter.filter()).isEqualTo(raw);
        assertThat(filter.isShared()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/#/b", "a+", "+a", "a/b#", "#/a", "##", "a/++", "a\u0000b"})
    void invalid_filters_are_refused_with_the_rule(String raw) {
        assertThatThrownBy(() -> TopicFilter.parse(raw)).isInstanceOf(InvalidTopicException.class)
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
    }

    @Test
    void a_shared_filter_has_its_group_and_the_filter_to_match() {
        TopicFilter filter = TopicFilter.parse("$share/workers/jobs/+/done");
        assertThat(filter.isShared()).isTrue();
        assertThat(filter.shareGroup()).isEqualTo("workers");
        assertThat(filter.filter()).isEqualTo("jobs/+/done");
        assertThat(filter.matches("jobs/7/done")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share/g", "$share//a", "$share/g/", "$share/g+/a", "$share/#/a", "$share/g/a/#/b"})
    void malformed_shared_filters_are_refused(String raw) {
        assertThatThrownBy(() -> TopicFilter.parse(raw)).isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void a_filter_may_not_exceed_65535_utf8_bytes() {
        assertThat(TopicFilter.parse("a".repeat(65_535)).filter()).hasSize(65_535);
        assertThatThrownBy(() -> TopicFilter.parse("\u00e9".repeat(32_768))).hasMessageContaining("65535 bytes");
    }

    @Test
    void levels_keep_empty_ones() {
        assertThat(TopicFilter.parse("/a//+").levels()).containsExactly("", "a", "", "+");
    }
}
