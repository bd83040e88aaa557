package dev.gannet.bench.compare;

import dev.gannet.bench.load.LoadGenerator;
import dev.gannet.bench.load.LoadOptions;
import dev.gannet.bench.load.Options;
import dev.gannet.bench.load.RunResult;
import dev.gannet.bench.load.Scenario;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs scenarios against Gannet, Mosquitto and HiveMQ CE on this machine, one broker at a time,
 * each started fresh for each scenario run (and its --repeat runs) and stopped after it, and
 * writes a Markdown table per scenario (with Gannet's ratio to each peer), a CSV and a PNG chart under
 * {@code benchmarks/target/results/TIMESTAMP/}:
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/gannet-benchmarks.jar --scenario fan-in,p2p --brokers gannet,mosquitto,hivemq \
 *     --duration 30s --broker-cpus 0 --client-cpus 1
 * </pre>
 *
 * Exits 1 when any run lost, duplicated or reordered a message or hit anything else unexpected, 2 on
 * bad options.
 */
public final class Compare {

    private static final Set<String> OWN_OPTIONS = Set.of("scenario", "brokers", "broker-cpus", "client-cpus", "half-peak",
            "half-of", "repeat", "out", "gannet-jar", "hivemq-jar", "java", "hivemq-java", "jvm-opts", "help");

    private Compare() {
    }

    public static void main(String[] args) throws Exception {
        Set<String> known = new HashSet<>(LoadOptions.OPTION_NAMES);
        known.removeAll(Set.of("host", "port"));
        known.addAll(OWN_OPTIONS);
        Options o;
        List<Scenario> scenarios = new ArrayList<>();
        List<String> brokers;
        Map<Scenario, LoadOptions> loads = new HashMap<>();
        String halfOf;
        int repeats;
        try {
            o = Options.parse(args, known);
            if (o.has("help")) {
                System.out.println(usage());
                return;
            }
            for (String name : o.list("scenario", "fan-in")) {
                if (name.equals("all")) {
                    scenarios.addAll(Arrays.asList(Scenario.values()));
                } else {
                    scenarios.add(Scenario.of(name));
                }
            }
            brokers = o.list("brokers", String.join(",", Brokers.KNOWN));
            for (String broker : brokers) {
                if (!Brokers.KNOWN.contains(broker)) {
                    throw new IllegalArgumentException("Unknown broker '" + broker + "'; known: " + String.join(", ", Brokers.KNOWN));
                }
            }
            for (Scenario scenario : scenarios) {
                loads.put(scenario, LoadOptions.from(scenario, o));
            }
            halfOf = o.text("half-of", "min");
            if (!List.of("min", "own", "gannet").contains(halfOf)) {
                throw new IllegalArgumentException("--half-of must be min, own or gannet, not " + halfOf);
            }
            repeats = o.integer("repeat", 1, 1, 100);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }

        Path root = repositoryRoot();
        Path java = currentJava();
        Brokers.Setup setup = new Brokers.Setup(
                Path.of(o.text("gannet-jar", root.resolve("broker-server/target/gannet-broker.jar").toString())),
                Path.of(o.text("hivemq-jar", root.resolve("benchmarks/hivemq-ce/target/gannet-bench-hivemq-ce.jar").toString())),
                Path.of(o.text("java", java.toString())), Path.of(o.text("hivemq-java", o.text("java", java.toString()))),
                jvmOptions(o.text("jvm-opts", "")), o.text("broker-cpus", null));
        String clientCpus = o.text("client-cpus", null);
        String header = header(args, setup, clientCpus);
        if (clientCpus != null) {
            pinSelf(clientCpus);
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path out = Path.of(o.text("out", root.resolve("benchmarks/target/results").resolve(stamp).toString()));
        Files.createDirectories(out);

        System.out.println(header);
        List<BrokerResult> results = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            LoadOptions load = loads.get(scenario);
            List<BrokerResult> runs = new ArrayList<>();
            // storms and idle connections measure a fresh process (its resident set grows once, connecting warms it): run once
            int times = scenario.messaging() ? repeats : 1;
            for (String broker : brokers) {
                runs.addAll(runRepeated(broker, setup, load, scenario.id(), out, times));
            }
            results.addAll(runs);
            List<BrokerResult> peaks = ResultTables.representatives(runs);
            if (o.flag("half-peak") && scenario.messaging()) {
                if (load.ratePerPublisher() > 0) {
                    System.out.println("  --half-peak needs an unlimited --rate for the peak run; skipped for " + scenario.id());
                    continue;
                }
                for (BrokerResult peak : peaks) {
                    double rate = halfRate(halfOf, peak, peaks, load.publishers());
                    if (rate <= 0) {
                        System.out.println("  no passing peak to halve for " + peak.broker() + "; skipped");
                        continue;
                    }
                    String label = scenario.id() + " @50% of " + (halfOf.equals("own") ? "own" : halfOf.equals("gannet") ? "Gannet's" : "lowest")
                            + " peak";
                    results.addAll(runRepeated(peak.broker(), setup, load.withRate(rate), label, out, repeats));
                }
            }
        }

        String markdown = ResultTables.markdown(results);
        Files.writeString(out.resolve("results.md"), header + "\n" + markdown);
        Files.writeString(out.resolve("results.csv"), ResultTables.csv(results));
        try {
            Charts.write(ResultTables.representatives(results), out.resolve("results.png"));
        } catch (IOException | RuntimeException | Error e) {
            System.out.println("  (no chart: " + e + ")");
        }
        System.out.println();
        System.out.println(markdown);
        System.out.println("Results: " + out.resolve("results.md") + ", results.csv, results.png (broker logs beside them)");
        boolean passed = results.stream().allMatch(r -> r.result().passed());
        if (!passed) {
            System.out.println("FAILED: at least one run had unexpected losses, duplicates, reordering or errors (see the tables)");
        }
        System.exit(passed ? 0 : 1);
    }

    private static List<String> jvmOptions(String text) {
        return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }

    /** Per-publisher rate for the half-peak run of this broker. */
    static double halfRate(String halfOf, BrokerResult peak, List<BrokerResult> peaks, int publishers) {
        double base = switch (halfOf) {
            case "own" -> peak.result().passed() ? peak.result().publishRate() : 0;
            case "gannet" -> peaks.stream().filter(p -> p.broker().equals("gannet") && p.result().passed())
                    .mapToDouble(p -> p.result().publishRate()).findFirst().orElse(0);
            default -> peaks.stream().filter(p -> p.result().passed()).mapToDouble(p -> p.result().publishRate()).min().orElse(0);
        };
        return base / 2 / publishers;
    }

    /**
     * Starts {@code broker}, runs the load {@code repeats} times against that one process (fresh
     * clients each time; the first run also warms a JVM broker up for the next), and stops it.
     */
    private static List<BrokerResult> runRepeated(String broker, Brokers.Setup setup, LoadOptions load, String label, Path out,
                                                  int repeats) {
        System.out.printf("%n== %s on %s%s%n", label, broker, repeats > 1 ? ", " + repeats + " runs" : "");
        Path work = out.resolve(label.replaceAll("[^A-Za-z0-9-]+", "_") + "-" + broker);
        List<BrokerResult> results = new ArrayList<>();
        try (BrokerProcess process = Brokers.start(broker, setup, work)) {
            System.out.printf("  %s started (pid %d, port %d)%n", broker, process.pid(), process.port());
            for (int run = 1; run <= repeats; run++) {
                RunResult result = LoadGenerator.run(load.withPort(process.port()), process.probe(), System.out, label);
                System.out.println(LoadGenerator.describe(result));
                results.add(new BrokerResult(broker, run, result));
            }
        } catch (Exception e) {
            RunResult failed = new RunResult(load.scenario(), label, load.ratePerPublisher(), 0, 0, 0, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, 0, 0, 0, 0, Double.NaN, -1, 0, -1, -1, List.of("run failed: " + e));
            System.out.println(LoadGenerator.describe(failed));
            results.add(new BrokerResult(broker, results.size() + 1, failed));
        } finally {
            deleteData(work);
        }
        return results;
    }

    /** Brokers' data folders go once the run is over; configuration and logs stay for reading. */
    private static void deleteData(Path work) {
        for (Path data : List.of(work.resolve("data"), work.resolve("extensions"))) {
            if (!Files.isDirectory(data)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(data)) {
                paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // leave it: target/ is cleaned by mvn clean
            }
        }
    }

    /** Pins this JVM (all its threads, present and future) to the given CPUs. */
    private static void pinSelf(String cpus) throws IOException, InterruptedException {
        int code = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        if (code != 0) {
            throw new IOException("taskset could not pin the load generator to CPUs " + cpus);
        }
    }

    private static String header(String[] args, Brokers.Setup setup, String clientCpus) {
        StringBuilder h = new StringBuilder();
        h.append("# Gannet comparison run ").append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19))
                .append("\n\n");
        h.append("- command: `java -jar benchmarks/target/gannet-benchmarks.jar ").append(String.join(" ", args)).append("`\n");
        h.append(String.format(Locale.ROOT, "- machine: %d cores (%s), %s; load average at start %s%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), memory(), loadAverage()));
        h.append("- pinning: brokers ").append(setup.brokerCpus() == null ? "not pinned" : "on CPUs " + setup.brokerCpus())
                .append(", load generator ").append(clientCpus == null ? "not pinned" : "on CPUs " + clientCpus).append('\n');
        h.append("- Gannet: ").append(setup.gannetJar()).append(" on Java ").append(javaVersion(setup.java())).append('\n');
        h.append("- HiveMQ CE ").append(hivemqVersion(setup.hivemqJar())).append(" (embedded) on Java ")
                .append(javaVersion(setup.hivemqJava())).append('\n');
        h.append("- Mosquitto: ").append(mosquittoVersion()).append('\n');
        if (!setup.jvmOptions().isEmpty()) {
            h.append("- JVM options of both JVM brokers: ").append(String.join(" ", setup.jvmOptions())).append('\n');
        }
        h.append("- load generator: Java ").append(System.getProperty("java.version")).append(", lean Netty MQTT 3.1.1 client\n");
        return h.toString();
    }

    private static Path repositoryRoot() throws URISyntaxException {
        Path here = Path.of(Compare.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("broker-server")) && Files.isDirectory(p.resolve("benchmarks"))) {
                return p;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    private static Path currentJava() {
        return ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    private static String javaVersion(Path java) {
        try {
            Path release = java.toAbsolutePath().toRealPath().getParent().getParent().resolve("release");
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return line.substring("JAVA_VERSION=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            return java.toString();
        }
        return java.toString();
    }

    private static String hivemqVersion(Path launcher) {
        try (Stream<Path> libs = Files.list(launcher.getParent().resolve("lib"))) {
            return libs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("hivemq-community-edition-embedded-"))
                    .map(n -> n.substring("hivemq-community-edition-embedded-".length()).replace(".jar", "")).findFirst().orElse("?");
        } catch (IOException e) {
            return "? (launcher not built)";
        }
    }

    private static String mosquittoVersion() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "mosquitto -h 2>&1 | head -1 || /usr/sbin/mosquitto -h 2>&1 | head -1")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out.isEmpty() ? "not installed (installed on first use when root)" : out;
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format(Locale.ROOT, "%.0f GiB memory",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0)).findFirst().orElse("?");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static String usage() {
        return """
                usage: java -jar benchmarks/target/gannet-benchmarks.jar [options]
                  --scenario LIST        fan-in, p2p, fan-out, storm, idle, or all (default fan-in)
                  --brokers LIST         gannet, mosquitto, hivemq (default all three), run in that order
                  --broker-cpus CPUS     pin each broker with taskset -c CPUS (e.g. 0)
                  --client-cpus CPUS     pin the load generator (this JVM) to CPUS (e.g. 1)
                  --half-peak            after each peak (unlimited-rate) messaging run, run again at half the peak rate
                  --half-of min|own|gannet   whose peak is halved: the lowest passing peak (same rate for every broker,
                                         default), each broker's own, or Gannet's
                  --repeat N             run each messaging scenario N times against one broker process (default 1);
                                         the tables show each broker's median run (by p99 at a fixed rate, else by
                                         throughput); storm and idle run once, on a fresh process
                  --jvm-opts "OPTS"      JVM options for Gannet and HiveMQ, space-separated (e.g. "-Xmx2g -XX:+AlwaysPreTouch")
                  --java PATH            the JVM for the brokers (this one); --hivemq-java PATH for HiveMQ alone
                  --gannet-jar, --hivemq-jar PATH   the brokers' jars (as the reactor builds them)
                  --out DIR              results folder (benchmarks/target/results/TIMESTAMP)
                load options (each scenario has its own defaults; see LoadGenerator --help):
                  --publishers --subscribers --clients --rate --window --payload --qos --persistent --warmup
                  --duration --drain-timeout --inflight --connect-concurrency --keepalive --io-threads
                """;
    }
}
