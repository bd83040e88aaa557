package dev.gannet.broker.subscription;

import dev.gannet.model.topic.TopicFilter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class TopicTreeTest {

    private static List<String> matches(TopicTree<String> tree, String topic) {
        List<String> out = new ArrayList<>();
        tree.match(topic, s -> out.add(s.subscriber() + ":" + s.filter().raw() + ":q" + s.options().qos()), g -> out.add("group " + g.name()));
        return out;
    }

    @Test
    void resubscribing_replaces_the_options_and_keeps_one_entry() {
        TopicTree<String> tree = new TopicTree<>();
        assertThat(tree.subscribe(TopicFilter.parse("a/+"), "c1", new SubscriptionOptions(0))).isFalse();
        assertThat(tree.subscribe(TopicFilter.parse("a/+"), "c1", new SubscriptionOptions(2))).isTrue();
        assertThat(matches(tree, "a/b")).containsExactly("c1:a/+:q2");
    }

    @Test
    void a_leading_wildcard_does_not_match_dollar_topics() {
        TopicTree<String> tree = new TopicTree<>();
        tree.subscribe(TopicFilter.parse("#"), "all", new SubscriptionOptions(0));
        tree.subscribe(TopicFilter.parse("+/broker"), "plus", new SubscriptionOptions(0));
        tree.subscribe(TopicFilter.parse("$SYS/#"), "sys", new SubscriptionOptions(0));
        assertThat(matches(tree, "$SYS/broker")).containsExactly("sys:$SYS/#:q0");
        assertThat(matches(tree, "x/broker")).containsExactlyInAnyOrder("all:#:q0", "plus:+/broker:q0");
    }

    @Test
    void shared_groups_pick_round_robin_preferring_connected_members() {
        TopicTree<String> tree = new TopicTree<>();
        for (String member : List.of("m1", "m2", "m3")) {
            tree.subscribe(TopicFilter.parse("$share/g/jobs"), member, new SubscriptionOptions(1));
        }
        List<SharedGroup<String>> groups = new ArrayList<>();
        tree.match("jobs", s -> { }, groups::add);
        assertThat(groups).hasSize(1);
        SharedGroup<String> group = groups.get(0);
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picks.add(group.pick(m -> true, m -> true).subscriber());
        }
        assertThat(picks).containsExactly("m1", "m2", "m3", "m1", "m2", "m3");
        assertThat(group.pick(m -> m.equals("m3"), m -> true).subscriber()).isEqualTo("m3");
        assertThat(group.pick(m -> false, m -> m.equals("m2")).subscriber()).as("fallback").isEqualTo("m2");
        assertThat(group.pick(m -> false, m -> false)).isNull();
    }

    @Test
    void concurrent_changes_and_matches_leave_a_consistent_tree() throws Exception {
        TopicTree<String> tree = new TopicTree<>();
        tree.subscribe(TopicFilter.parse("stable/#"), "anchor", new SubscriptionOptions(1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch writersDone = new CountDownLatch(2);
        List<Future<?>> tasks = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            tasks.add(pool.submit(() -> {
                for (int i = 0; i < 2_000; i++) {
                    TopicFilter filter = TopicFilter.parse("stable/" + (i % 7) + "/+");
                    String subscriber = "w" + writer + "-" + (i % 5);
                    tree.subscribe(filter, subscriber, new SubscriptionOptions(0));
                    tree.unsubscribe(filter, subscriber);
                }
                writersDone.countDown();
            }));
        }
        for (int r = 0; r < 2; r++) {
            tasks.add(pool.submit(() -> {
                while (!stop.get()) {
                    List<String> seen = new ArrayList<>();
                    tree.match("stable/3/x", s -> seen.add(s.subscriber()), g -> { });
                    assertThat(seen).contains("anchor");
                }
            }));
        }
        assertThat(writersDone.await(30, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        for (Future<?> task : tasks) {
            task.get(10, TimeUnit.SECONDS);
        }
        pool.shutdownNow();
        assertThat(tree.all()).extracting(Subscription::subscriber).containsExactly("anchor");
        tree.unsubscribe(TopicFilter.parse("stable/#"), "anchor");
        assertThat(tree.isEmpty()).isTrue();
    }
}
