package dev.gannet.broker.auth;

import dev.gannet.model.topic.TopicFilter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class PermissionsTest {

    @Test
    void withoutRestrictionsEveryTopicIsAllowedEvenOneWithALineBreak() {
        assertThat(Permissions.ALL.canPublish("sensors/1/temperature")).isTrue();
        assertThat(Permissions.ALL.canPublish("line\nbreak")).isTrue();
        assertThat(Permissions.ALL.canSubscribe(TopicFilter.parse("#"))).isTrue();
    }

    @Test
    void rulesAreRegularExpressionsOverTheWholeTopic() {
        Permissions sensors = new Permissions(List.of(Pattern.compile("sensors/.*")), List.of(Pattern.compile("commands/\\d+")));

        assertThat(sensors.canPublish("sensors/1/temperature")).isTrue();
        assertThat(sensors.canPublish("a/sensors/1")).isFalse();
        assertThat(sensors.canSubscribe(TopicFilter.parse("commands/42"))).isTrue();
        assertThat(sensors.canSubscribe(TopicFilter.parse("commands/+"))).isFalse();
    }

    @Test
    void noRulesAllowNothing() {
        Permissions none = new Permissions(List.of(), List.of());

        assertThat(none.canPublish("a")).isFalse();
        assertThat(none.canSubscribe(TopicFilter.parse("a"))).isFalse();
    }
}
