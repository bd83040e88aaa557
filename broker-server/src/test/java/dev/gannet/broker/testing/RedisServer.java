package dev.gannet.broker.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Redis server for tests: Debian's {@code redis-server} in a temporary directory on a free
 * loopback port, without persistence, run as a child process. {@link #shared()} gives one server per
 * test JVM, stopped when the JVM exits; tests keep apart by unique client ids or key prefixes.
 */
public final class RedisServer implements AutoCloseable {

    private static final long READY_TIMEOUT_MILLIS = 10_000;
    private static RedisServer shared;

    private final Process process;
    private final Path dir;
    private final int port;

    private RedisServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** The server of this test JVM, started on first use and stopped by a shutdown hook. */
    public static synchronized RedisServer shared() {
        if (shared == null) {
            try {
                RedisServer server = start();
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "redis-server-stop"));
                shared = server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** Starts a fresh server; fails naming the Debian package when {@code redis-server} is missing. */
    public static RedisServer start() throws IOException {
        String binary = findBinary();
        Path dir = Files.createTempDirectory("gannet-redis-");
        IOException last = null;
        // The port is free when picked but may be taken before Redis binds it: try another one then.
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Process process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
            RedisServer server = new RedisServer(process, dir, port);
            try {
                server.awaitReady();
                return server;
            } catch (IOException e) {
                last = e;
                server.stopProcess();
            }
        }
        deleteDir(dir);
        throw last;
    }

    private static String findBinary() {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/usr/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "redis-server"))) {
                return Path.of(dir, "redis-server").toString();
            }
        }
        throw new IllegalStateException("redis-server not found on the PATH: install the Debian package 'redis-server'"
                + " (the build does so when run as root)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the server answers PING, or fails with the tail of its log. */
    private void awaitReady() throws IOException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server on port " + port + " exited with " + process.exitValue() + ":\n" + log());
            }
            if (answersPing()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for redis-server", e);
            }
        }
        throw new IOException("redis-server on port " + port + " did not answer PING within " + READY_TIMEOUT_MILLIS
                + " ms:\n" + log());
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = 0;
            while (read < reply.length) {
                int n = in.read(reply, read, reply.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new String(reply, 0, read, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false; // not listening yet, or still loading
        }
    }

    private String log() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("redis.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        stopProcess();
        deleteDir(dir);
    }

    private void stopProcess() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteDir(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
