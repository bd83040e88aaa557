package dev.gannet.broker.management;

import dev.gannet.broker.metadata.StatisticSample;
import dev.gannet.broker.metadata.StatisticsRepository;
import dev.gannet.model.api.Figures;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures beyond the last hour: one sample a minute per node in the metadata database
 * ({@code broker_statistics}), kept for {@code http.statistics-retention-days}, so that the history
 * outlives a restart. Rates are derived from the counters between two samples; a counter that went
 * down means the node restarted in between, and counts from zero.
 *
 * <p>Blocking (JDBC): called from the management endpoint's timer and request threads only.
 */
final class StatsArchive {

    static final long SAMPLE_MILLIS = 60_000;

    private static final String MESSAGES_IN = "messages_in";
    private static final String MESSAGES_OUT = "messages_out";
    private static final String BYTES_IN = "bytes_in";
    private static final String BYTES_OUT = "bytes_out";
    private static final String DROPPED = "dropped";
    private static final String CONNECTIONS = "connections";
    private static final String SESSIONS = "sessions";
    private static final String SUBSCRIPTIONS = "subscriptions";
    private static final String RETAINED = "retained";

    private final StatisticsRepository repository;
    private final String nodeId;

    StatsArchive(StatisticsRepository repository, String nodeId) {
        this.repository = repository;
        this.nodeId = nodeId;
    }

    /** Keeps {@code f}: counters and gauges as they are at {@code f.at()}. */
    void record(Figures f) {
        long at = f.at();
        repository.record(List.of(
                sample(MESSAGES_IN, at, f.messagesIn()), sample(MESSAGES_OUT, at, f.messagesOut()),
                sample(BYTES_IN, at, f.bytesIn()), sample(BYTES_OUT, at, f.bytesOut()), sample(DROPPED, at, f.dropped()),
                sample(CONNECTIONS, at, f.connections()), sample(SESSIONS, at, f.sessions()),
                sample(SUBSCRIPTIONS, at, f.subscriptions()), sample(RETAINED, at, f.retained())));
    }

    private StatisticSample sample(String name, long at, long reading) {
        return new StatisticSample(nodeId, name, at, reading);
    }

    /** Forgets samples taken before {@code before}. */
    int prune(long before) {
        return repository.deleteOlderThan(before);
    }

    /**
     * The figures in [from, to), a point per sample (a minute apart), or per {@code stepSeconds}
     * when that is longer: rates averaged over the step, counters and gauges as at its end.
     */
    List<Figures> history(long from, long to, int stepSeconds) {
        Map<Long, Map<String, Long>> byTime = new TreeMap<>();
        for (StatisticSample s : repository.range(nodeId, from, to)) {
            byTime.computeIfAbsent(s.sampledAt(), t -> new HashMap<>()).put(s.name(), s.reading());
        }
        List<Figures> points = new ArrayList<>(byTime.size());
        Map<String, Long> previous = null;
        long previousAt = 0;
        for (Map.Entry<Long, Map<String, Long>> entry : byTime.entrySet()) {
            Map<String, Long> now = entry.getValue();
            if (previous != null) {
                double seconds = (entry.getKey() - previousAt) / 1000.0;
                points.add(new Figures(entry.getKey(),
                        rate(now, previous, MESSAGES_IN, seconds), rate(now, previous, MESSAGES_OUT, seconds),
                        rate(now, previous, BYTES_IN, seconds), rate(now, previous, BYTES_OUT, seconds),
                        rate(now, previous, DROPPED, seconds),
                        get(now, MESSAGES_IN), get(now, MESSAGES_OUT), get(now, BYTES_IN), get(now, BYTES_OUT), get(now, DROPPED),
                        (int) get(now, CONNECTIONS), (int) get(now, SESSIONS), (int) get(now, SUBSCRIPTIONS),
                        (int) get(now, RETAINED)));
            }
            previous = now;
            previousAt = entry.getKey();
        }
        int perStep = (int) Math.max(1, stepSeconds * 1000L / SAMPLE_MILLIS);
        return perStep == 1 ? points : StatsSampler.inSteps(points, perStep);
    }

    private static long get(Map<String, Long> sample, String name) {
        return sample.getOrDefault(name, 0L);
    }

    private static double rate(Map<String, Long> now, Map<String, Long> before, String name, double seconds) {
        long delta = get(now, name) - get(before, name);
        // A counter that went down: the node restarted, and counted from zero since.
        return seconds <= 0 ? 0 : (delta >= 0 ? delta : get(now, name)) / seconds;
    }
}
