package dev.gannet.bench.compare;

import dev.gannet.bench.load.BrokerProbe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker running as a child process of the comparison runner: started on a free port (pinned
 * with {@code taskset -c} when asked), watched through its pid, stopped with SIGTERM (SIGKILL after
 * 30 s). Its output goes to a log file beside the results.
 */
public final class BrokerProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final BrokerProbe probe;
    private final Path log;

    BrokerProcess(String name, Process process, int port, BrokerProbe probe, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.probe = probe;
        this.log = log;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public BrokerProbe probe() {
        return probe;
    }

    public Path log() {
        return log;
    }

    /** Prefixes the command with {@code taskset -c CPUS} when CPUs are given. */
    static List<String> pinned(String cpus, List<String> command) {
        List<String> full = new ArrayList<>();
        if (cpus != null && !cpus.isBlank()) {
            full.add("taskset");
            full.add("-c");
            full.add(cpus);
        }
        full.addAll(command);
        return full;
    }

    /** A TCP port nobody listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Waits until the port accepts connections; fails if the process exits first or time runs out. */
    static void awaitListening(Process process, int port, long timeoutMillis, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the broker exited with code " + process.exitValue() + " before listening; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IOException("the broker did not listen on port " + port + " within " + timeoutMillis / 1000 + " s; see " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
