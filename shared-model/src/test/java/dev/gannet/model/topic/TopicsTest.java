package dev.gannet.model.topic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

    /** MQTT 3.1.1 section 4.7 examples and the edge cases around them; '~' stands for the empty string. */
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // 4.7.1.2 multi-level wildcard
            "sport/tennis/player1/#  | sport/tennis/player1                 | true",
            "sport/tennis/player1/#  | sport/tennis/player1/ranking         | true",
            "sport/tennis/player1/#  | sport/tennis/player1/score/wimbledon | true",
            "sport/#                 | sport                                | true",
            "a/#                     | a                                    | true",
            "a/#                     | a/                                   | true",
            "a/#                     | ab                                   | false",
            "a/#                     | b/a                                  | false",
            "#                       | a                                    | true",
            "#                       | /                                    | true",
            "#                       | a/b/c                                | true",
            // 4.7.1.3 single-level wildcard
            "sport/tennis/+          | sport/tennis/player1                 | true",
            "sport/tennis/+          | sport/tennis/player2                 | true",
            "sport/tennis/+          | sport/tennis/player1/ranking         | false",
            "sport/+                 | sport                                | false",
            "sport/+                 | sport/                               | true",
            "+                       | a                                    | true",
            "+                       | /a                                   | false",
            "+                       | a/                                   | false",
            "+/+                     | /finance                             | true",
            "+/+                     | /a                                   | true",
            "/+                      | /finance                             | true",
            "+                       | /finance                             | false",
            "+/tennis/#              | sport/tennis/player1                 | true",
            "a/+/c                   | a/b/c                                | true",
            "a/+/c                   | a//c                                 | true",
            "a/+/c                   | a/b/d                                | false",
            "a/+/c                   | a/b/c/d                              | false",
            "a/+/#                   | a/b                                  | true",
            "a/+/#                   | a                                    | false",
            // exact levels, empty levels and case
            "a/b                     | a/b                                  | true",
            "a/b                     | a/B                                  | false",
            "a/b                     | a/b/                                 | false",
            "/                       | /                                    | true",
            "/                       | a                                    | false",
            "a//b                    | a//b                                 | true",
            "a//b                    | a/b                                  | false",
            "ACCOUNTS                | Accounts                             | false",
            // 4.7.2 topics beginning with $
            "#                       | $SYS/x                               | false",
            "#                       | $SYS                                 | false",
            "+/monitor/Clients       | $SYS/monitor/Clients                 | false",
            "+/monitor               | $SYS/monitor                         | false",
            "+                       | $SYS                                 | false",
            "+/#                     | $SYS/x                               | false",
            "$SYS/#                  | $SYS/x                               | true",
            "$SYS/#                  | $SYS                                 | true",
            "$SYS/monitor/+          | $SYS/monitor/Clients                 | true",
            "$SYS/+                  | $SYS/monitor                         | true",
            "a/#                     | a/$SYS                               | true",
            "a/+                     | a/$x                                 | true",
            "#                       | a/$SYS                               | true",
            "+/$x                    | a/$x                                 | true",
    })
    void matches_follows_the_mqtt_matching_rules(String filter, String topic, boolean expected) {
        assertThat(Topics.matches(filter, topic)).isEqualTo(expected);
    }

    @Test
    void a_topic_matches_itself_when_it_has_no_wildcards() {
        for (String topic : new String[]{"a", "/", "//", "a/b/c", "$SYS/x", "/a/"}) {
            assertThat(Topics.matches(topic, topic)).as(topic).isTrue();
        }
    }

    @Test
    void levels_splits_on_slash_and_keeps_empty_levels() {
        assertThat(Topics.levels("a")).containsExactly("a");
        assertThat(Topics.levels("/a")).containsExactly("", "a");
        assertThat(Topics.levels("a/")).containsExactly("a", "");
        assertThat(Topics.levels("/")).containsExactly("", "");
        assertThat(Topics.levels("a//b")).containsExactly("a", "", "b");
        assertThat(Topics.levels("")).containsExactly("");
        assertThat(Topics.levels("sport/tennis/player1")).containsExactly("sport", "tennis", "player1");
    }
}
