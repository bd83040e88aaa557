package dev.gannet.broker.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged broker ({@code target/gannet-broker.jar}) in a child JVM, as a user runs it, so
 * that a test can kill it for real (SIGKILL) and start it again on the same data directory.
 */
public final class ChildBroker implements AutoCloseable {

    private static final Path JAR = Path.of("target", "gannet-broker.jar");
    private static final Pattern MQTT_LINE = Pattern.compile("MQTT\\s+mqtt://[^:\\s]+:(\\d+)");

    private final Process process;
    private final int port;
    private final List<String> output = new ArrayList<>();

    private ChildBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the broker on a free port with {@code dataDir}; returns once it prints where it listens. */
    public static ChildBroker start(Path dataDir, Map<String, String> environment) throws Exception {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("the packaged broker is missing: run mvn package first (" + JAR + ")");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toString()).redirectErrorStream(true);
        builder.environment().put("GANNET_MQTT_HOST", "127.0.0.1");
        builder.environment().put("GANNET_MQTT_PORT", "0");
        builder.environment().put("GANNET_HTTP_HOST", "127.0.0.1");
        builder.environment().put("GANNET_HTTP_PORT", "0");
        builder.environment().put("GANNET_DATA_DIR", dataDir.toString());
        builder.environment().remove("GANNET_CONFIG");
        builder.environment().putAll(environment);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    synchronized (seen) {
                        seen.add(line);
                    }
                    Matcher m = MQTT_LINE.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("the broker exited before listening: " + seen);
        });
        try {
            ChildBroker broker = new ChildBroker(process, port.get(30, TimeUnit.SECONDS));
            broker.output.addAll(seen);
            // Keep draining its output so that the child never blocks on a full pipe.
            Thread drain = new Thread(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        synchronized (broker.output) {
                            broker.output.add(line);
                        }
                    }
                } catch (IOException ignored) {
                    // the process is gone
                }
            }, "child-broker-output");
            drain.setDaemon(true);
            drain.start();
            return broker;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the broker did not start: " + seen, e);
        }
    }

    public int port() {
        return port;
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
