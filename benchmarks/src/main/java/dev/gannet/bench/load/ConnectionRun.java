package dev.gannet.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The connection scenarios. <b>storm</b>: N clients connect with at most
 * {@link LoadOptions#connectConcurrency()} CONNECTs awaiting CONNACK; the window runs from the first
 * CONNECT to the last CONNACK, and latency is CONNECT (TCP connect included) to CONNACK.
 * <b>idle</b>: N clients connect and stay idle (PINGREQ every half keep-alive) for the duration;
 * the broker's heap after a full collection and its resident set are taken before and after, and
 * divided by N.
 */
public final class ConnectionRun {

    private final LoadOptions o;
    private final BrokerProbe probe;
    private final PrintStream log;
    private final String runId = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36 * 36), 36);

    public ConnectionRun(LoadOptions options, BrokerProbe probe, PrintStream log) {
        if (options.scenario().messaging()) {
            throw new IllegalArgumentException(options.scenario().id() + " is not a connection scenario");
        }
        this.o = options;
        this.probe = probe;
        this.log = log;
    }

    public RunResult run(String label) throws Exception {
        checkFileLimit(o.clients());
        List<String> problems = new ArrayList<>();
        boolean idle = o.scenario() == Scenario.IDLE_CONNECTIONS;
        try (ClientFactory factory = new ClientFactory(o.host(), o.port(), o.ioThreads(), 30_000)) {
            log.printf("  %s [%s, run %s]%n", o.summary(), factory.transport(), runId);
            long heapBefore = idle ? probe.heapAfterGc() : -1;
            long rssBefore = idle ? probe.rssBytes() : -1;
            Recorder latency = new Recorder(3_600_000_000L, 3);
            double cpuBefore = probe.cpuSeconds();
            long start = System.nanoTime();
            Connector.Outcome outcome = Connector.connectAll(factory, o.clients(), i -> "b" + runId + "-c" + i, true,
                    o.keepAliveSeconds(), o.connectConcurrency(), latency, Math.max(60_000, o.duration().toMillis() * 6));
            long end = outcome.lastDoneNanos();
            double cpuConnect = probe.cpuSeconds() - cpuBefore;
            Histogram histogram = latency.getIntervalHistogram();
            if (outcome.failed() > 0) {
                problems.add(String.format("%,d of %,d clients could not connect: %s", outcome.failed(), o.clients(), outcome.firstFailure()));
            }
            List<BenchClient> clients = outcome.connected();
            long heapPerConnection = -1;
            long rssPerConnection = -1;
            double cpu = cpuConnect;
            double seconds = Math.max(1e-9, (end - start) / 1e9);
            if (idle) {
                Thread.sleep(2000);
                double cpuHoldStart = probe.cpuSeconds();
                hold(clients, o.duration().toMillis());
                cpu = probe.cpuSeconds() - cpuHoldStart;
                long heapAfter = probe.heapAfterGc();
                long rssAfter = probe.rssBytes();
                int n = Math.max(1, clients.size());
                heapPerConnection = heapBefore >= 0 && heapAfter >= 0 ? (heapAfter - heapBefore) / n : -1;
                rssPerConnection = rssBefore >= 0 && rssAfter >= 0 ? (rssAfter - rssBefore) / n : -1;
                log.printf("  held %,d idle connections for %d s: broker heap after GC %s -> %s, resident %s -> %s, "
                                + "CPU while idle %.2f s%n", clients.size(), o.duration().toSeconds(), mb(heapBefore), mb(heapAfter),
                        mb(rssBefore), mb(rssAfter), cpu);
            } else {
                Thread.sleep(1000);
            }
            long dropped = clients.stream().filter(c -> !c.isActive()).count();
            if (dropped > 0) {
                problems.add(String.format("%,d connections closed by the broker while they should have stayed open", dropped));
            }
            long peakRss = probe.peakRssBytes();
            Connector.disconnectAll(clients);
            return new RunResult(o.scenario(), label, 0, seconds, 0, clients.size(),
                    percentileMs(histogram, 50), percentileMs(histogram, 99), percentileMs(histogram, 99.9),
                    histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0, 0, 0, 0, 0,
                    cpu, peakRss, clients.size(), heapPerConnection, rssPerConnection, problems);
        }
    }

    /** Keeps the connections open, pinging each every half keep-alive (none with keep-alive 0). */
    private void hold(List<BenchClient> clients, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long pingEvery = TimeUnit.SECONDS.toNanos(Math.max(1, o.keepAliveSeconds() / 2));
        long nextPing = o.keepAliveSeconds() > 0 ? System.nanoTime() + pingEvery : Long.MAX_VALUE;
        while (System.nanoTime() < end) {
            if (System.nanoTime() >= nextPing) {
                for (BenchClient c : clients) {
                    if (c.isActive()) {
                        c.ping();
                    }
                }
                nextPing += pingEvery;
            }
            Thread.sleep(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
        }
    }

    /** Stops early, with a clear message, when this process cannot open that many sockets. */
    static void checkFileLimit(int clients) {
        long limit = openFileLimit();
        if (limit > 0 && clients + 200 > limit) {
            throw new IllegalArgumentException(String.format("%,d clients need about %,d open files, and this process may open %,d "
                    + "(ulimit -n; the broker needs as many): raise the limit (ulimit -n as root) or lower --clients", clients,
                    clients + 200, limit));
        }
    }

    /** The soft limit on open files of this process (and of the brokers it starts), -1 when unknown. */
    public static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static double percentileMs(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "?" : String.format("%.1f MB", bytes / 1048576.0);
    }
}
