package dev.gannet.broker.subscription;

import dev.gannet.model.topic.TopicFilter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class TopicTreeTest {

    private final TopicTree<String> tree = new TopicTree<>();

    private void subscribe(String subscriber, String filter, int qos) {
        tree.subscribe(TopicFilter.parse(filter), subscriber, new SubscriptionOptions(qos));
    }

    private List<String> direct(String topic) {
        List<String> out = new ArrayList<>();
        tree.match(topic, s -> out.add(s.subscriber() + ":" + s.filter().raw()), g -> { });
        return out;
    }

    private List<SharedGroup<String>> shared(String topic) {
        List<SharedGroup<String>> out = new ArrayList<>();
        tree.match(topic, s -> { }, out::add);
        return out;
    }

    @Test
    void a_new_tree_is_empty() {
        assertThat(tree.isEmpty()).isTrue();
        assertThat(tree.all()).isEmpty();
        assertThat(direct("a")).isEmpty();
    }

    @Test
    void multi_level_wildcard_matches_the_parent_level_and_everything_below() {
        subscribe("c", "a/#", 1);

        assertThat(direct("a")).containsExactly("c:a/#");
        assertThat(direct("a/b")).containsExactly("c:a/#");
        assertThat(direct("a/b/c")).containsExactly("c:a/#");
        assertThat(direct("b")).isEmpty();
        assertThat(direct("ab")).isEmpty();
    }

    @Test
    void a_client_with_overlapping_filters_is_reported_once_per_filter() {
        subscribe("c", "a/+", 0);
        subscribe("c", "a/#", 1);
        subscribe("c", "#", 2);
        subscribe("c", "a/b", 0);

        assertThat(direct("a/b")).containsExactlyInAnyOrder("c:a/+", "c:a/#", "c:#", "c:a/b");
    }

    @Test
    void leading_wildcards_do_not_match_dollar_topics_but_explicit_dollar_filters_do() {
        subscribe("all", "#", 0);
        subscribe("plus", "+/monitor", 0);
        subscribe("sys", "$SYS/#", 0);
        subscribe("sysplus", "$SYS/+", 0);

        assertThat(direct("$SYS/monitor")).containsExactlyInAnyOrder("sys:$SYS/#", "sysplus:$SYS/+");
        assertThat(direct("$SYS")).containsExactly("sys:$SYS/#");
        assertThat(direct("x/monitor")).containsExactlyInAnyOrder("all:#", "plus:+/monitor");
    }

    @Test
    void empty_levels_are_levels_of_their_own() {
        subscribe("c", "+/+", 0);
        subscribe("d", "/+", 0);
        subscribe("e", "+", 0);

        assertThat(direct("/a")).containsExactlyInAnyOrder("c:+/+", "d:/+");
        assertThat(direct("a")).containsExactly("e:+");
        assertThat(direct("/")).containsExactlyInAnyOrder("c:+/+", "d:/+");
    }

    @Test
    void subscribing_again_replaces_the_options_and_reports_it() {
        assertThat(tree.subscribe(TopicFilter.parse("a/b"), "c", new SubscriptionOptions(0))).isFalse();
        assertThat(tree.subscribe(TopicFilter.parse("a/b"), "c", new SubscriptionOptions(2))).isTrue();

        assertThat(tree.all()).singleElement().extracting(s -> s.options().qos()).isEqualTo(2);
    }

    @Test
    void shared_subscriptions_form_one_group_per_name_and_filter() {
        subscribe("c1", "$share/g/a/+", 1);
        subscribe("c2", "$share/g/a/+", 2);
        subscribe("c3", "$share/h/a/+", 0);
        subscribe("c4", "$share/g/a/#", 0);

        List<SharedGroup<String>> groups = shared("a/b");

        assertThat(groups).extracting(g -> g.name() + "|" + g.filter())
                .containsExactlyInAnyOrder("g|a/+", "h|a/+", "g|a/#");
        SharedGroup<String> g = groups.stream().filter(x -> x.name().equals("g") && x.filter().equals("a/+")).findFirst().orElseThrow();
        assertThat(g.members()).extracting(Subscription::subscriber).containsExactly("c1", "c2");
        assertThat(direct("a/b")).isEmpty();
    }

    @Test
    void a_shared_group_picks_members_round_robin_preferring_the_preferred() {
        subscribe("c1", "$share/g/t", 0);
        subscribe("c2", "$share/g/t", 0);
        subscribe("c3", "$share/g/t", 0);
        SharedGroup<String> group = shared("t").get(0);

        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picks.add(group.pick(s -> true, s -> true).subscriber());
        }
        assertThat(picks).containsExactly("c1", "c2", "c3", "c1", "c2", "c3");

        for (int i = 0; i < 4; i++) {
            assertThat(group.pick(s -> s.equals("c2"), s -> true).subscriber()).isEqualTo("c2");
        }
        assertThat(group.pick(s -> false, s -> s.equals("c3")).subscriber()).isEqualTo("c3");
        assertThat(group.pick(s -> false, s -> false)).isNull();
    }

    @Test
    void unsubscribing_the_last_member_removes_the_group() {
        subscribe("c1", "$share/g/a", 0);
        subscribe("c2", "$share/g/a", 0);

        assertThat(tree.unsubscribe(TopicFilter.parse("$share/g/a"), "c1")).isTrue();
        assertThat(shared("a")).singleElement().satisfies(g ->
                assertThat(g.members()).extracting(Subscription::subscriber).containsExactly("c2"));
        assertThat(tree.unsubscribe(TopicFilter.parse("$share/g/a"), "c2")).isTrue();

        assertThat(shared("a")).isEmpty();
        assertThat(tree.isEmpty()).isTrue();
    }

    @Test
    void unsubscribing_what_was_never_subscribed_returns_false_and_changes_nothing() {
        subscribe("c", "a/b", 0);

        assertThat(tree.unsubscribe(TopicFilter.parse("a/b"), "other")).isFalse();
        assertThat(tree.unsubscribe(TopicFilter.parse("a/c"), "c")).isFalse();
        assertThat(tree.unsubscribe(TopicFilter.parse("a/b/c"), "c")).isFalse();
        assertThat(tree.unsubscribe(TopicFilter.parse("$share/g/a/b"), "c")).isFalse();

        assertThat(direct("a/b")).containsExactly("c:a/b");
    }

    @Test
    void unsubscribing_prunes_only_the_emptied_branch() {
        subscribe("c", "a/b/c", 0);
        subscribe("c", "a/x", 0);

        tree.unsubscribe(TopicFilter.parse("a/b/c"), "c");
        assertThat(tree.isEmpty()).isFalse();
        assertThat(direct("a/x")).containsExactly("c:a/x");

        tree.unsubscribe(TopicFilter.parse("a/x"), "c");
        assertThat(tree.isEmpty()).isTrue();
    }

    @Test
    void an_inner_node_with_a_subscription_is_kept_when_its_child_branch_is_pruned() {
        subscribe("c", "a", 0);
        subscribe("c", "a/b", 0);

        tree.unsubscribe(TopicFilter.parse("a/b"), "c");

        assertThat(direct("a")).containsExactly("c:a");
        tree.unsubscribe(TopicFilter.parse("a"), "c");
        assertThat(tree.isEmpty()).isTrue();
    }

    @Test
    void concurrent_subscribes_unsubscribes_and_matches_leave_a_consistent_tree() throws Exception {
        // A subscription no writer touches must be seen by every match, however the writers prune around it.
        subscribe("stable", "a/+/c", 1);
        String[] filters = {"a/b/c", "a/+/c", "a/#", "+/b/#", "#", "a/b", "$share/g/a/b/c", "$share/h/+/+/c", "a/b/c/d", "/a"};
        String[] topics = {"a/b/c", "a/x/c", "a/b", "a", "/a", "a/b/c/d"};
        int writers = 4;
        int matchers = 3;
        int rounds = 3_000;
        ExecutorService pool = Executors.newFixedThreadPool(writers + matchers);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                String subscriber = "w" + w;
                long seed = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    Random random = new Random(seed);
                    for (int i = 0; i < rounds; i++) {
                        TopicFilter filter = TopicFilter.parse(filters[random.nextInt(filters.length)]);
                        if (random.nextBoolean()) {
                            tree.subscribe(filter, subscriber, new SubscriptionOptions(random.nextInt(3)));
                        } else {
                            tree.unsubscribe(filter, subscriber);
                        }
                    }
                    for (String filter : filters) {
                        tree.unsubscribe(TopicFilter.parse(filter), subscriber);
                    }
                    return null;
                }));
            }
            for (int m = 0; m < matchers; m++) {
                long seed = 100 + m;
                futures.add(pool.submit(() -> {
                    start.await();
                    Random random = new Random(seed);
                    while (writing.get()) {
                        String topic = topics[random.nextInt(topics.length)];
                        boolean[] sawStable = {false};
                        tree.match(topic, s -> {
                            if (s.subscriber().equals("stable")) {
                                sawStable[0] = true;
                            }
                        }, g -> {
                            if (g.members().isEmpty()) {
                                problems.add("empty shared group " + g.name() + " reported for " + topic);
                            }
                        });
                        boolean shouldSee = topic.equals("a/b/c") || topic.equals("a/x/c");
                        if (sawStable[0] != shouldSee) {
                            problems.add("stable subscription " + (shouldSee ? "missed" : "wrongly matched") + " for " + topic);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (int w = 0; w < writers; w++) {
                futures.get(w).get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS); // rethrows any exception from a worker
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }

        assertThat(problems).isEmpty();
        assertThat(tree.all()).extracting(s -> s.subscriber() + ":" + s.filter().raw()).containsExactly("stable:a/+/c");
        tree.unsubscribe(TopicFilter.parse("a/+/c"), "stable");
        assertThat(tree.isEmpty()).isTrue();
    }
}
