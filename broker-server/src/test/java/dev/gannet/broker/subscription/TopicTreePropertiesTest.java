package dev.gannet.broker.subscription;

import dev.gannet.broker.testing.RandomTopics;
import dev.gannet.model.topic.TopicFilter;
import dev.gannet.model.topic.Topics;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests of the topic tree: for random subscriptions and random topics, the tree
 * matches exactly what the reference rule ({@link Topics#matches}) says, and removing every
 * subscription prunes it back to empty. Each repetition uses its own seed, printed on failure.
 */
class TopicTreePropertiesTest {

    @RepeatedTest(200)
    void matching_agrees_with_the_reference_rule(RepetitionInfo repetition) {
        long seed = 0x6A77E7L * repetition.getCurrentRepetition();
        Random random = new Random(seed);
        TopicTree<String> tree = new TopicTree<>();
        List<Subscription<String>> stored = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        int count = 1 + random.nextInt(30);
        for (int i = 0; i < count; i++) {
            String subscriber = "client" + random.nextInt(6);
            String raw = RandomTopics.filter(random);
            boolean shared = random.nextInt(5) == 0;
            TopicFilter filter = TopicFilter.parse(shared ? "$share/g" + random.nextInt(2) + "/" + raw : raw);
            tree.subscribe(filter, subscriber, new SubscriptionOptions(random.nextInt(3)));
            if (keys.add(subscriber + "\u0000" + filter.raw())) {
                stored.add(new Subscription<>(subscriber, filter, null));
            }
        }
        for (int t = 0; t < 20; t++) {
            String topic = RandomTopics.topic(random);
            Set<String> expectedDirect = new HashSet<>();
            Set<String> expectedGroups = new HashSet<>();
            for (Subscription<String> s : stored) {
                if (Topics.matches(s.filter().filter(), topic)) {
                    if (s.filter().isShared()) {
                        expectedGroups.add(s.filter().shareGroup() + "|" + s.filter().filter());
                    } else {
                        expectedDirect.add(s.subscriber() + "|" + s.filter().filter());
                    }
                }
            }
            Set<String> direct = new HashSet<>();
            Set<String> groups = new HashSet<>();
            List<String> directList = new ArrayList<>();
            tree.match(topic, s -> {
                direct.add(s.subscriber() + "|" + s.filter().filter());
                directList.add(s.subscriber() + "|" + s.filter().filter());
            }, g -> groups.add(g.name() + "|" + g.filter()));
            assertThat(direct).as("seed %d, topic '%s'", seed, topic).isEqualTo(expectedDirect);
            assertThat(directList).as("seed %d, topic '%s': each subscription once", seed, topic).hasSameSizeAs(direct);
            assertThat(groups).as("seed %d, topic '%s' (shared groups)", seed, topic).isEqualTo(expectedGroups);
        }
        assertThat(tree.all()).as("seed %d", seed).hasSize(stored.size());
        for (Subscription<String> s : stored) {
            assertThat(tree.unsubscribe(s.filter(), s.subscriber())).as("seed %d, %s", seed, s).isTrue();
        }
        assertThat(tree.isEmpty()).as("seed %d: pruned back to empty", seed).isTrue();
    }
}
