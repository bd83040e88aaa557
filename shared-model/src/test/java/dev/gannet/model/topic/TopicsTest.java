package dev.gannet.model.topic;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The matching rules, with the examples of MQTT 3.1.1 section 4.7 and MQTT 5 section 4.7. */
class TopicsTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "sport/tennis/player1/#, sport/tennis/player1, true",
            "sport/tennis/player1/#, sport/tennis/player1/ranking, true",
            "sport/tennis/player1/#, sport/tennis/player1/score/wimbledon, true",
            "sport/#, sport, true",
            "#, sport/tennis, true",
            "sport/tennis/+, sport/tennis/player1, true",
            "sport/tennis/+, sport/tennis/player1/tournament, false",
            "sport/+, sport, false",
            "sport/+, sport/, true",
            "+/+, /finance, true",
            "/+, /finance, true",
            "+, /finance, false",
            "#, $SYS/broker, false",
            "+/monitor/Clients, $SYS/monitor/Clients, false",
            "$SYS/#, $SYS/monitor/Clients, true",
            "$SYS/monitor/+, $SYS/monitor/Clients, true",
            "a/b, a/b, true",
            "a/b, a/b/c, false",
            "a//b, a//b, true",
            "a/+/b, a//b, true",
            "A/b, a/b, false",
    })
    void matching_follows_the_specification(String filter, String topic, boolean matches) {
        assertThat(Topics.matches(filter, topic)).isEqualTo(matches);
    }
}
