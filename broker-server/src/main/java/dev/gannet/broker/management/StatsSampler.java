package dev.gannet.broker.management;

import dev.gannet.broker.metrics.BrokerMetrics;
import dev.gannet.model.api.Figures;
import dev.gannet.model.api.StatsHistory;
import dev.gannet.model.api.StatsSnapshot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Takes this node's figures once a second ({@link #sample()}, driven by the management server's
 * timer), derives rates from the counters, and keeps the last hour of them for charts.
 *
 * <p>One thread samples; any thread reads: the history is guarded by this object.
 */
final class StatsSampler {

    /** One point a second for an hour. */
    static final int HISTORY_SECONDS = 3_600;

    private final ManagedBroker broker;
    private final LongSupplier clock;
    private final ArrayDeque<Figures> history = new ArrayDeque<>(HISTORY_SECONDS);
    private Figures latest;

    StatsSampler(ManagedBroker broker, LongSupplier clock) {
        this.broker = broker;
        this.clock = clock;
        this.latest = read(null);
    }

    /** Takes a sample now and keeps it; returns it. */
    synchronized Figures sample() {
        Figures next = read(latest);
        latest = next;
        if (history.size() == HISTORY_SECONDS) {
            history.removeFirst();
        }
        history.addLast(next);
        return next;
    }

    /** The figures taken last. */
    synchronized Figures latest() {
        return latest;
    }

    /** The latest figures, for this node and in total (one node: the same). */
    synchronized StatsSnapshot snapshot() {
        return new StatsSnapshot(latest, Map.of(broker.nodeId(), latest));
    }

    /**
     * The samples of the last {@code seconds}, one point per {@code stepSeconds}: rates averaged over
     * the step, counters and gauges as at its end.
     */
    synchronized StatsHistory history(int seconds, int stepSeconds, String node) {
        long from = latest.at() - seconds * 1000L;
        List<Figures> window = new ArrayList<>();
        for (Iterator<Figures> it = history.iterator(); it.hasNext(); ) {
            Figures f = it.next();
            if (f.at() > from) {
                window.add(f);
            }
        }
        return new StatsHistory(node, stepSeconds, inSteps(window, stepSeconds));
    }

    /**
     * {@code points} in groups of {@code perStep}, each averaged into one point. Steps are counted
     * back from the newest point, so the last point is always the latest figures.
     */
    static List<Figures> inSteps(List<Figures> points, int perStep) {
        List<Figures> steps = new ArrayList<>(points.size() / perStep + 1);
        int first = points.size() % perStep;
        if (first > 0) {
            steps.add(average(points.subList(0, first)));
        }
        for (int i = first; i < points.size(); i += perStep) {
            steps.add(average(points.subList(i, i + perStep)));
        }
        return steps;
    }

    private static Figures average(List<Figures> step) {
        Figures last = step.get(step.size() - 1);
        if (step.size() == 1) {
            return last;
        }
        double in = 0;
        double out = 0;
        double bytesIn = 0;
        double bytesOut = 0;
        double dropped = 0;
        for (Figures f : step) {
            in += f.messagesInPerSecond();
            out += f.messagesOutPerSecond();
            bytesIn += f.bytesInPerSecond();
            bytesOut += f.bytesOutPerSecond();
            dropped += f.droppedPerSecond();
        }
        int n = step.size();
        return new Figures(last.at(), in / n, out / n, bytesIn / n, bytesOut / n, dropped / n, last.messagesIn(),
                last.messagesOut(), last.bytesIn(), last.bytesOut(), last.dropped(), last.connections(), last.sessions(),
                last.subscriptions(), last.retained());
    }

    private Figures read(Figures previous) {
        BrokerMetrics m = broker.metrics();
        long now = clock.getAsLong();
        long in = m.publishesReceived();
        long out = m.publishesSent();
        long bytesIn = m.bytesReceived();
        long bytesOut = m.bytesSent();
        long dropped = m.messagesDropped();
        double seconds = previous == null ? 0 : (now - previous.at()) / 1000.0;
        return new Figures(now,
                rate(in, previous == null ? in : previous.messagesIn(), seconds),
                rate(out, previous == null ? out : previous.messagesOut(), seconds),
                rate(bytesIn, previous == null ? bytesIn : previous.bytesIn(), seconds),
                rate(bytesOut, previous == null ? bytesOut : previous.bytesOut(), seconds),
                rate(dropped, previous == null ? dropped : previous.dropped(), seconds),
                in, out, bytesIn, bytesOut, dropped,
                m.connections(), broker.sessions().size(), broker.sessions().subscriptionCount(), broker.retained().size());
    }

    private static double rate(long now, long before, double seconds) {
        return seconds <= 0 ? 0 : (now - before) / seconds;
    }
}
