package dev.gannet.bench.compare;

import dev.gannet.bench.load.RunResult;
import dev.gannet.bench.load.Scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The comparison's output as text: a Markdown table per scenario with Gannet's ratio to each peer
 * beneath it, and CSV with one line per run. When a scenario ran several times against each broker
 * (--repeat), the tables show each broker's median run: by p99 latency at a fixed rate, by
 * throughput at an unlimited one (of an even count, the worse of the two middle runs); a failed
 * run, if any, instead of the median. QoS 0 messages a passing run dropped during its warm-up are
 * listed under the table, for every run.
 */
final class ResultTables {

    static final String CSV_HEADER = "scenario,label,broker,run,rate_per_publisher,seconds,published,delivered,throughput,unit,"
            + "p50_ms,p99_ms,p999_ms,max_ms,lost,lost_in_warmup,duplicates,out_of_order,cpu_seconds,cpu_s_per_million,peak_rss_mb,"
            + "connections,heap_per_connection_bytes,rss_per_connection_bytes,passed,problems";

    private ResultTables() {
    }

    /** Results grouped by label (scenario run), in the order they came. */
    static Map<String, List<BrokerResult>> byLabel(List<BrokerResult> results) {
        Map<String, List<BrokerResult>> groups = new LinkedHashMap<>();
        for (BrokerResult r : results) {
            groups.computeIfAbsent(r.result().label(), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    /**
     * One run per scenario run and broker, in the order they came: the median of repeated runs
     * (see the class comment), or the first that failed.
     */
    static List<BrokerResult> representatives(List<BrokerResult> results) {
        Map<String, List<BrokerResult>> groups = new LinkedHashMap<>();
        for (BrokerResult r : results) {
            groups.computeIfAbsent(r.result().label() + '\u0000' + r.broker(), k -> new ArrayList<>()).add(r);
        }
        List<BrokerResult> chosen = new ArrayList<>();
        for (List<BrokerResult> runs : groups.values()) {
            BrokerResult failed = runs.stream().filter(r -> !r.result().passed()).findFirst().orElse(null);
            if (failed != null) {
                chosen.add(failed);
                continue;
            }
            RunResult first = runs.get(0).result();
            // worst first, so that of an even count the worse middle run is taken
            Comparator<BrokerResult> order = first.ratePerPublisher() > 0 && first.scenario().messaging()
                    ? Comparator.comparingDouble((BrokerResult r) -> r.result().p99Ms()).reversed()
                    : Comparator.comparingDouble(r -> r.result().throughput());
            List<BrokerResult> sorted = runs.stream().sorted(order).toList();
            chosen.add(sorted.get((sorted.size() - 1) / 2));
        }
        return chosen;
    }

    static String markdown(List<BrokerResult> results) {
        StringBuilder out = new StringBuilder();
        Map<String, List<BrokerResult>> allRuns = byLabel(results);
        byLabel(representatives(results)).forEach((label, rows) -> {
            Scenario scenario = rows.get(0).result().scenario();
            int repeats = allRuns.get(label).stream().mapToInt(BrokerResult::run).max().orElse(1);
            out.append("### ").append(label);
            if (repeats > 1) {
                out.append(" (each broker's median of ").append(repeats).append(" runs, by ")
                        .append(rows.get(0).result().ratePerPublisher() > 0 && scenario.messaging() ? "p99 latency" : "throughput")
                        .append(')');
            }
            out.append("\n\n");
            switch (scenario) {
                case IDLE_CONNECTIONS -> idleTable(out, rows);
                case CONNECTION_STORM -> stormTable(out, rows);
                default -> messagingTable(out, rows);
            }
            warmupDrops(out, allRuns.get(label), repeats);
            ratios(out, rows);
            out.append('\n');
        });
        return out.toString();
    }

    private static void messagingTable(StringBuilder out, List<BrokerResult> rows) {
        out.append("| broker | msg/s delivered | msg/s published | p50 ms | p99 ms | p99.9 ms | CPU s / M msgs | peak RSS MB "
                + "| lost / dup / out of order | result |\n");
        out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (BrokerResult row : rows) {
            RunResult r = row.result();
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %d / %d / %d | %s |%n", row.broker(),
                    count(r.throughput()), count(r.publishRate()), ms(r.p50Ms()), ms(r.p99Ms()), ms(r.p999Ms()),
                    decimal(r.cpuPerMillion()), mb(r.peakRssBytes()), r.lost(), r.duplicates(), r.outOfOrder(), verdict(r)));
        }
    }

    /** The QoS 0 messages passing runs dropped during their warm-ups (a failed run says its own losses). */
    private static void warmupDrops(StringBuilder out, List<BrokerResult> runs, int repeats) {
        List<String> drops = new ArrayList<>();
        for (BrokerResult run : runs) {
            RunResult r = run.result();
            if (r.lostInWarmup() > 0 && r.passed()) {
                drops.add(String.format(Locale.ROOT, "%s dropped %,d QoS 0 messages during the warm-up%s", run.broker(),
                        r.lostInWarmup(), repeats > 1 ? " of run " + run.run() : ""));
            }
        }
        if (!drops.isEmpty()) {
            out.append("\nNot measured: ").append(String.join("; ", drops)).append(".\n");
        }
    }

    private static void stormTable(StringBuilder out, List<BrokerResult> rows) {
        out.append("| broker | connects/s | connections | time to all s | p50 ms | p99 ms | p99.9 ms | CPU s / M connects "
                + "| peak RSS MB | result |\n");
        out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (BrokerResult row : rows) {
            RunResult r = row.result();
            out.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.2f | %s | %s | %s | %s | %s | %s |%n", row.broker(),
                    count(r.throughput()), r.connections(), r.seconds(), ms(r.p50Ms()), ms(r.p99Ms()), ms(r.p999Ms()),
                    decimal(r.cpuPerMillion()), mb(r.peakRssBytes()), verdict(r)));
        }
    }

    private static void idleTable(StringBuilder out, List<BrokerResult> rows) {
        out.append("| broker | connections | heap / conn KB | RSS / conn KB | CPU s while idle | connect p99 ms | peak RSS MB | result |\n");
        out.append("|---|--:|--:|--:|--:|--:|--:|---|\n");
        for (BrokerResult row : rows) {
            RunResult r = row.result();
            out.append(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s | %s | %s |%n", row.broker(), r.connections(),
                    kb(r.heapPerConnection()), kb(r.rssPerConnection()), decimal(r.cpuSeconds()), ms(r.p99Ms()),
                    mb(r.peakRssBytes()), verdict(r)));
        }
    }

    /** Gannet's figure divided by each peer's, for the figures that matter in this scenario. */
    private static void ratios(StringBuilder out, List<BrokerResult> rows) {
        BrokerResult gannet = rows.stream().filter(r -> r.broker().equals("gannet")).findFirst().orElse(null);
        List<BrokerResult> peers = rows.stream().filter(r -> !r.broker().equals("gannet")).toList();
        if (gannet == null || peers.isEmpty()) {
            return;
        }
        out.append("\n| Gannet ÷ peer |");
        peers.forEach(p -> out.append(' ').append(p.broker()).append(" |"));
        out.append("\n|---|");
        peers.forEach(p -> out.append("--:|"));
        out.append('\n');
        Scenario scenario = gannet.result().scenario();
        if (scenario == Scenario.IDLE_CONNECTIONS) {
            ratioRow(out, "heap per connection (lower is better)", gannet, peers, r -> r.heapPerConnection() < 0 ? Double.NaN : r.heapPerConnection());
            ratioRow(out, "RSS per connection (lower is better)", gannet, peers, r -> r.rssPerConnection() < 0 ? Double.NaN : r.rssPerConnection());
        } else {
            ratioRow(out, "throughput (higher is better)", gannet, peers, RunResult::throughput);
            ratioRow(out, "p99 latency (lower is better)", gannet, peers, RunResult::p99Ms);
            ratioRow(out, "CPU per million (lower is better)", gannet, peers, RunResult::cpuPerMillion);
        }
        ratioRow(out, "peak RSS (lower is better)", gannet, peers, r -> r.peakRssBytes() < 0 ? Double.NaN : r.peakRssBytes());
    }

    private static void ratioRow(StringBuilder out, String name, BrokerResult gannet, List<BrokerResult> peers,
                                 ToDoubleFunction<RunResult> figure) {
        out.append("| ").append(name).append(" |");
        double mine = figure.applyAsDouble(gannet.result());
        for (BrokerResult peer : peers) {
            out.append(' ').append(ratio(mine, figure.applyAsDouble(peer.result()))).append(" |");
        }
        out.append('\n');
    }

    static String ratio(double mine, double theirs) {
        if (Double.isNaN(mine) || Double.isNaN(theirs) || theirs == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f×", mine / theirs);
    }

    static String csv(List<BrokerResult> results) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (BrokerResult row : results) {
            RunResult r = row.result();
            out.append(String.join(",", List.of(r.scenario().id(), quote(r.label()), row.broker(), Integer.toString(row.run()),
                    plain(r.ratePerPublisher()), plain(r.seconds()), Long.toString(r.published()), Long.toString(r.delivered()),
                    plain(r.throughput()), r.unit(), plain(r.p50Ms()), plain(r.p99Ms()), plain(r.p999Ms()), plain(r.maxMs()),
                    Long.toString(r.lost()), Long.toString(r.lostInWarmup()), Long.toString(r.duplicates()),
                    Long.toString(r.outOfOrder()), plain(r.cpuSeconds()), plain(r.cpuPerMillion()),
                    r.peakRssBytes() < 0 ? "" : plain(r.peakRssBytes() / 1048576.0), Long.toString(r.connections()),
                    r.heapPerConnection() < 0 ? "" : Long.toString(r.heapPerConnection()),
                    r.rssPerConnection() < 0 ? "" : Long.toString(r.rssPerConnection()), Boolean.toString(r.passed()),
                    quote(String.join("; ", r.problems()))))).append('\n');
        }
        return out.toString();
    }

    private static String verdict(RunResult r) {
        return r.passed() ? "ok" : "**FAILED**: " + String.join("; ", r.problems()).replace("|", "/");
    }

    private static String quote(String text) {
        return text.contains(",") || text.contains("\"") || text.contains("\n") ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    private static String plain(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String count(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
    }

    private static String decimal(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "–" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
    }

    private static String kb(long bytes) {
        return bytes < 0 ? "–" : String.format(Locale.ROOT, "%.1f", bytes / 1024.0);
    }
}
