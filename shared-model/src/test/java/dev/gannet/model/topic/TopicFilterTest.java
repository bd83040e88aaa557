package dev.gannet.model.topic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "a/b", "a/+/c", "+", "#", "/", "a/#", "+/+", "/+", "+/#", "a//b", "$SYS/#",
            "sport/tennis/+", "a/b/c/d/e/f", "ü/ß", "a b"})
    void well_formed_filters_are_accepted(String raw) {
        TopicFilter filter = TopicFilter.parse(raw);

        assertThat(filter.raw()).isEqualTo(raw);
        assertThat(filter.filter()).isEqualTo(raw);
        assertThat(filter.isShared()).isFalse();
        assertThat(filter.shareGroup()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/#/b", "a+", "#a", "a#", "+a", "a/b+", "a/+b/c", "##", "++", "#/", "#/a", "a/#/"})
    void filters_that_break_the_wildcard_rules_are_rejected(String raw) {
        assertThatThrownBy(() -> TopicFilter.parse(raw)).isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void a_null_filter_is_rejected() {
        assertThatThrownBy(() -> TopicFilter.parse(null)).isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void a_filter_containing_the_null_character_is_rejected() {
        assertThatThrownBy(() -> TopicFilter.parse("a/\u0000/b")).isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining("U+0000");
        assertThatThrownBy(() -> TopicFilter.parse("\u0000")).isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void a_filter_of_exactly_65535_utf8_bytes_is_accepted() {
        String raw = "a".repeat(65_535);

        assertThat(TopicFilter.parse(raw).raw()).hasSize(65_535);
    }

    @Test
    void a_filter_of_65536_utf8_bytes_is_rejected() {
        assertThatThrownBy(() -> TopicFilter.parse("a".repeat(65_536))).isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining("65535");
    }

    @Test
    void the_byte_limit_counts_utf8_bytes_not_characters() {
        // 'é' takes two bytes in UTF-8: 32768 of them are 65536 bytes.
        assertThatThrownBy(() -> TopicFilter.parse("é".repeat(32_768))).isInstanceOf(InvalidTopicException.class);
        assertThat(TopicFilter.parse("é".repeat(32_767) + "a").raw()).hasSize(32_768);
        // A surrogate pair is one 4-byte code point.
        assertThat(TopicFilter.parse("\uD83D\uDE00".repeat(16_383) + "abc").raw()).isNotNull();
        assertThatThrownBy(() -> TopicFilter.parse("\uD83D\uDE00".repeat(16_384)))
                .isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void a_shared_filter_is_split_into_group_and_filter() {
        TopicFilter filter = TopicFilter.parse("$share/g/a/#");

        assertThat(filter.isShared()).isTrue();
        assertThat(filter.shareGroup()).isEqualTo("g");
        assertThat(filter.filter()).isEqualTo("a/#");
        assertThat(filter.raw()).isEqualTo("$share/g/a/#");
        assertThat(filter.levels()).containsExactly("a", "#");
        assertThat(filter.toString()).isEqualTo("$share/g/a/#");
    }

    @Test
    void a_shared_filter_may_itself_be_a_bare_wildcard_or_start_with_a_slash() {
        assertThat(TopicFilter.parse("$share/group/#").filter()).isEqualTo("#");
        assertThat(TopicFilter.parse("$share/group/+").filter()).isEqualTo("+");
        TopicFilter leadingSlash = TopicFilter.parse("$share/group//a");
        assertThat(leadingSlash.shareGroup()).isEqualTo("group");
        assertThat(leadingSlash.filter()).isEqualTo("/a");
        assertThat(leadingSlash.levels()).containsExactly("", "a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share//a", "$share/g", "$share/g/", "$share/g+/a", "$share/#/a", "$share/+/a",
            "$share/g/a/#/b", "$share/g/a+", "$share/"})
    void malformed_shared_filters_are_rejected(String raw) {
        assertThatThrownBy(() -> TopicFilter.parse(raw)).isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void a_filter_that_only_starts_like_share_is_not_shared() {
        TopicFilter filter = TopicFilter.parse("$shared/g/a");
        assertThat(filter.isShared()).isFalse();
        assertThat(filter.filter()).isEqualTo("$shared/g/a");

        TopicFilter bare = TopicFilter.parse("$share");
        assertThat(bare.isShared()).isFalse();
    }

    @Test
    void the_share_prefix_counts_towards_the_byte_limit() {
        String filter = "a".repeat(65_535 - "$share/g/".length());
        assertThat(TopicFilter.parse("$share/g/" + filter).filter()).isEqualTo(filter);
        assertThatThrownBy(() -> TopicFilter.parse("$share/g/" + filter + "a"))
                .isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void levels_keep_empty_levels() {
        assertThat(TopicFilter.parse("/").levels()).containsExactly("", "");
        assertThat(TopicFilter.parse("a//b").levels()).containsExactly("a", "", "b");
        assertThat(TopicFilter.parse("/a/").levels()).containsExactly("", "a", "");
        assertThat(TopicFilter.parse("#").levels()).containsExactly("#");
    }

    @Test
    void has_wildcards_reports_plus_and_hash() {
        assertThat(TopicFilter.parse("a/b").hasWildcards()).isFalse();
        assertThat(TopicFilter.parse("a/+").hasWildcards()).isTrue();
        assertThat(TopicFilter.parse("#").hasWildcards()).isTrue();
        assertThat(TopicFilter.parse("$share/g/a").hasWildcards()).isFalse();
    }

    @Test
    void matches_uses_the_unshared_part_of_the_filter() {
        TopicFilter shared = TopicFilter.parse("$share/g/a/+");

        assertThat(shared.matches("a/b")).isTrue();
        assertThat(shared.matches("$share/g/a/b")).isFalse();
    }

    @Test
    void the_record_constructor_validates_too() {
        assertThatThrownBy(() -> new TopicFilter("a/#/b", "a/#/b", null)).isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> new TopicFilter("$share//a", "a", "")).isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> new TopicFilter(null, "a", null)).isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void problem_with_filter_names_the_broken_rule() {
        assertThat(TopicFilter.problemWithFilter("a/+/c")).isNull();
        assertThat(TopicFilter.problemWithFilter("a/#/b")).contains("last level");
        assertThat(TopicFilter.problemWithFilter("a+")).contains("whole level");
        assertThat(TopicFilter.problemWithFilter("")).contains("at least one character");
    }
}
