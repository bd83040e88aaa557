package dev.gannet.broker.retain;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.testing.RandomTopics;
import dev.gannet.model.topic.TopicFilter;
import dev.gannet.model.topic.Topics;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Retained messages, matched by filter, agree with the reference rule over random topics. */
class RetainedMessagesPropertiesTest {

    private static Message message(String topic, String payload) {
        return new Message(topic, payload.getBytes(), 1, true, "p", 0);
    }

    @RepeatedTest(200)
    void matching_agrees_with_the_reference_rule_and_clearing_prunes(RepetitionInfo repetition) {
        long seed = 0x5E7A1L * repetition.getCurrentRepetition();
        Random random = new Random(seed);
        RetainedMessages retained = new RetainedMessages();
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 1 + random.nextInt(25); i++) {
            String topic = RandomTopics.topic(random);
            boolean clear = random.nextInt(4) == 0;
            String payload = clear ? "" : "v" + i;
            retained.apply(message(topic, payload));
            if (clear) {
                expected.remove(topic);
            } else {
                expected.put(topic, payload);
            }
        }
        assertThat(retained.size()).as("seed %d", seed).isEqualTo(expected.size());
        for (int f = 0; f < 20; f++) {
            TopicFilter filter = TopicFilter.parse(RandomTopics.filter(random));
            Map<String, String> want = expected.entrySet().stream()
                    .filter(e -> Topics.matches(filter.filter(), e.getKey()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            Map<String, String> got = retained.matching(filter).stream()
                    .collect(Collectors.toMap(Message::topic, m -> new String(m.payload())));
            assertThat(got).as("seed %d, filter %s", seed, filter).isEqualTo(want);
        }
        for (String topic : expected.keySet()) {
            assertThat(retained.remove(topic)).isTrue();
        }
        assertThat(retained.size()).isZero();
        assertThat(retained.matching(TopicFilter.parse("#"))).isEmpty();
    }

    @Test
    void a_new_retained_message_replaces_the_old_and_an_empty_one_clears_it() {
        RetainedMessages retained = new RetainedMessages();
        retained.apply(message("a/b", "1"));
        retained.apply(message("a/b", "2"));
        assertThat(new String(retained.get("a/b").payload())).isEqualTo("2");
        retained.apply(message("a/b", ""));
        assertThat(retained.get("a/b")).isNull();
        assertThat(retained.size()).isZero();
    }
}
