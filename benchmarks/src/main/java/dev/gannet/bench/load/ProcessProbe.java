package dev.gannet.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches a broker process on this machine by its pid: CPU time from {@code /proc/PID/stat}
 * (utime + stime), memory from {@code /proc/PID/status} (VmRSS, VmHWM). For a JVM broker, heap
 * after a full collection: {@code jcmd PID GC.run}, then the heap in use from the broker's
 * Prometheus endpoint ({@code jvm_memory_used_bytes}, area heap) when one is given, else from
 * {@code jcmd PID GC.heap_info}.
 */
public final class ProcessProbe implements BrokerProbe {

    /** A heap (G1) or generation (Serial, Parallel) line of {@code GC.heap_info}: "NAME total 1234K, used 567K". */
    private static final Pattern HEAP_INFO = Pattern.compile("^\\s*(\\S.*?)\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K", Pattern.MULTILINE);
    private static final Pattern HEAP_METRIC = Pattern.compile(
            "^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*}\\s+(\\S+)", Pattern.MULTILINE);

    private final long pid;
    private final Path jcmd;
    private final URI metrics;
    private final String authorization;
    private final double ticksPerSecond;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param jcmd     the broker JVM's {@code jcmd}, or null for a broker that is no JVM
     * @param metrics  a Prometheus endpoint of the broker with {@code jvm_memory_used_bytes}, or null
     * @param user     HTTP Basic user for that endpoint, or null
     */
    public ProcessProbe(long pid, Path jcmd, URI metrics, String user, String password) {
        this.pid = pid;
        this.jcmd = jcmd;
        this.metrics = metrics;
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.ticksPerSecond = clockTicks();
    }

    public long pid() {
        return pid;
    }

    @Override
    public double cpuSeconds() {
        try {
            return parseCpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat"))) / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    public long rssBytes() {
        return statusKb("VmRSS:") * 1024;
    }

    @Override
    public long peakRssBytes() {
        return statusKb("VmHWM:") * 1024;
    }

    @Override
    public long heapAfterGc() {
        if (jcmd == null) {
            return -1;
        }
        // a JVM that just started may not answer its first attach, nor its endpoint yet: try again
        for (int attempt = 0; attempt < 3; attempt++) {
            long heap = heapAfterGcOnce();
            if (heap >= 0) {
                return heap;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return -1;
    }

    private long heapAfterGcOnce() {
        try {
            run(jcmd.toString(), Long.toString(pid), "GC.run");
            if (metrics != null) {
                HttpRequest.Builder request = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET();
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    long heap = sumHeapMetric(response.body());
                    if (heap >= 0) {
                        return heap;
                    }
                }
            }
            return parseHeapInfo(run(jcmd.toString(), Long.toString(pid), "GC.heap_info"));
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** utime + stime, in clock ticks, from a {@code /proc/PID/stat} line (the command name may hold spaces). */
    static long parseCpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // after "pid (comm) ": state is field 3 of the man page, so utime (14) and stime (15) are at 11 and 12
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * Heap in use from {@code jcmd GC.heap_info} output, bytes; -1 if not found. G1 prints one
     * line for the heap; Serial and Parallel (which a JVM on one CPU picks) one per generation.
     */
    static long parseHeapInfo(String output) {
        Matcher m = HEAP_INFO.matcher(output);
        long used = 0;
        boolean found = false;
        while (m.find()) {
            String name = m.group(1);
            if (name.contains("Metaspace") || name.contains("class space")) {
                continue;
            }
            used += Long.parseLong(m.group(3)) * 1024;
            found = true;
        }
        return found ? used : -1;
    }

    /** The sum of {@code jvm_memory_used_bytes} over the heap's pools in Prometheus text; -1 if absent. */
    static long sumHeapMetric(String prometheusText) {
        Matcher m = HEAP_METRIC.matcher(prometheusText);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
            found = true;
        }
        return found ? (long) sum : -1;
    }

    private long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static double clockTicks() {
        try {
            String out = run("getconf", "CLK_TCK").trim();
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
