package dev.gannet.bench.load;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Runs one scenario against a broker that is already running, anywhere:
 *
 * <pre>
 * java -cp benchmarks/target/gannet-benchmarks.jar dev.gannet.bench.load.LoadGenerator \
 *     --scenario fan-in --host 127.0.0.1 --port 1883 --duration 30s [--broker-pid PID]
 * </pre>
 *
 * With {@code --broker-pid} (a broker on this machine) it also reports the broker's CPU and memory.
 * Exits 1 when a message was lost, duplicated or out of order, or anything else unexpected happened;
 * 2 on bad options. {@link dev.gannet.bench.compare.Compare} starts the brokers itself and compares them.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Set<String> known = new HashSet<>(LoadOptions.OPTION_NAMES);
        known.addAll(Set.of("scenario", "broker-pid", "broker-jcmd", "metrics-url", "metrics-user", "metrics-password", "help"));
        LoadOptions options;
        BrokerProbe probe = BrokerProbe.NONE;
        try {
            Options o = Options.parse(args, known);
            if (o.has("help")) {
                System.out.println(usage());
                return;
            }
            options = LoadOptions.from(Scenario.of(o.text("scenario", "fan-in")), o);
            if (o.has("broker-pid")) {
                String jcmd = o.text("broker-jcmd", null);
                String url = o.text("metrics-url", null);
                probe = new ProcessProbe(Long.parseLong(o.text("broker-pid", "")), jcmd == null ? null : Path.of(jcmd),
                        url == null ? null : URI.create(url), o.text("metrics-user", null), o.text("metrics-password", null));
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        RunResult result = run(options, probe, System.out, options.scenario().id());
        System.out.println(describe(result));
        System.exit(result.passed() ? 0 : 1);
    }

    /** Runs the scenario the options name. */
    public static RunResult run(LoadOptions options, BrokerProbe probe, PrintStream log, String label) throws Exception {
        return options.scenario().messaging()
                ? new MessagingRun(options, probe, log).run(label)
                : new ConnectionRun(options, probe, log).run(label);
    }

    /** The result in a few lines for a terminal. */
    public static String describe(RunResult r) {
        StringBuilder out = new StringBuilder();
        if (r.scenario() == Scenario.IDLE_CONNECTIONS) {
            out.append(String.format(Locale.ROOT, "  %,d idle connections; connect p50 %.2f ms, p99 %.2f ms", r.connections(),
                    r.p50Ms(), r.p99Ms()));
            out.append(String.format(Locale.ROOT, "; broker heap %s/connection, resident %s/connection, idle CPU %.2f s",
                    kb(r.heapPerConnection()), kb(r.rssPerConnection()), r.cpuSeconds()));
        } else if (r.scenario() == Scenario.CONNECTION_STORM) {
            out.append(String.format(Locale.ROOT, "  %,.0f connects/s (%,d in %.2f s); CONNECT to CONNACK p50 %.2f ms, p99 %.2f ms, "
                    + "p99.9 %.2f ms; broker CPU %.2f s (%.1f s per million)", r.throughput(), r.delivered(), r.seconds(),
                    r.p50Ms(), r.p99Ms(), r.p999Ms(), r.cpuSeconds(), r.cpuPerMillion()));
        } else {
            out.append(String.format(Locale.ROOT, "  %,.0f msg/s delivered (%,.0f msg/s published) over %.1f s; latency p50 %.2f ms, "
                    + "p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; broker CPU %.2f s (%.1f s per million); lost %d (%d more during "
                    + "the warm-up), duplicates %d, out of order %d", r.throughput(), r.publishRate(), r.seconds(), r.p50Ms(), r.p99Ms(),
                    r.p999Ms(), r.maxMs(), r.cpuSeconds(), r.cpuPerMillion(), r.lost(), r.lostInWarmup(), r.duplicates(),
                    r.outOfOrder()));
        }
        if (r.peakRssBytes() >= 0) {
            out.append(String.format(Locale.ROOT, "; broker peak RSS %.0f MB", r.peakRssBytes() / 1048576.0));
        }
        out.append(r.passed() ? "\n  PASSED" : "\n  FAILED: " + String.join("; ", r.problems()));
        return out.toString();
    }

    private static String kb(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }

    static String usage() {
        return """
                usage: LoadGenerator --scenario SCENARIO [options]
                  --scenario             %s (default fan-in)
                  --host, --port         the broker (127.0.0.1:1883)
                  --publishers N         publishing clients (fan-in 200, p2p 100 pairs, fan-out 2)
                  --subscribers N        subscribing clients (fan-in 4, p2p = publishers, fan-out 200)
                  --clients N            storm and idle: clients (storm 5000, idle 10000)
                  --rate R               messages a second per publisher, or 'unlimited' (default: unlimited)
                  --window N             unlimited rate: messages on their way per subscriber connection (100)
                  --payload BYTES        payload size, at least 20 (64)
                  --qos 0|1|2            (fan-in and fan-out 0, p2p 1)
                  --persistent BOOL      persistent subscriber sessions (p2p true, others false)
                  --warmup D, --duration D   e.g. 3s, 30s, 2m (3s, 10s); idle: how long to hold
                  --drain-timeout D      longest wait for messages still on their way after publishing stops (20s)
                  --inflight N           most unacknowledged QoS 1/2 publishes per publisher (1000)
                  --connect-concurrency N    CONNECTs awaiting CONNACK at once (200)
                  --keepalive S          keep-alive in seconds (60)
                  --io-threads N         client event loops (cores)
                  --broker-pid PID       a broker on this machine: report its CPU and memory
                  --broker-jcmd PATH     its JVM's jcmd: heap after GC (idle scenario)
                  --metrics-url URL, --metrics-user U, --metrics-password P   its Prometheus endpoint for the heap
                """.formatted(Scenario.ids());
    }
}
