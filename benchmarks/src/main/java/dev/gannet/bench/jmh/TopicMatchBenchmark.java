package dev.gannet.bench.jmh;

import dev.gannet.broker.subscription.SubscriptionOptions;
import dev.gannet.broker.subscription.TopicTree;
import dev.gannet.model.topic.TopicFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Matching a published topic against the topic tree holding {@code subscriptions} subscriptions,
 * as the publish path does for every message: devices subscribed to their own command topics
 * ({@code site/S/device/D/commands}), and one in a hundred to a wildcard filter
 * ({@code site/S/+/D/#}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g"})
public class TopicMatchBenchmark {

    private static final int DEVICES_PER_SITE = 1_000;

    @Param({"1000000"})
    public int subscriptions;

    private TopicTree<String> tree;
    private String[] topics;
    private int next;

    @Setup(Level.Trial)
    public void fill() {
        tree = new TopicTree<>();
        SubscriptionOptions qos1 = new SubscriptionOptions(1);
        for (int i = 0; i < subscriptions; i++) {
            int site = i / DEVICES_PER_SITE;
            int device = i % DEVICES_PER_SITE;
            String filter = i % 100 == 0 ? "site/" + site + "/+/" + device + "/#" : "site/" + site + "/device/" + device + "/commands";
            tree.subscribe(TopicFilter.parse(filter), "client-" + i, qos1);
        }
        SplittableRandom random = new SplittableRandom(42);
        topics = new String[4_096];
        for (int i = 0; i < topics.length; i++) {
            int device = random.nextInt(subscriptions);
            topics[i] = "site/" + device / DEVICES_PER_SITE + "/device/" + device % DEVICES_PER_SITE + "/commands";
        }
    }

    /** One publish: every matching subscription (usually one, sometimes a wildcard too). */
    @Benchmark
    public void matchOneTopic(Blackhole matches) {
        String topic = topics[next++ & (topics.length - 1)];
        tree.match(topic, matches::consume, matches::consume);
    }
}
