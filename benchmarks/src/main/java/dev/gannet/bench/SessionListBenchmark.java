package dev.gannet.bench;

import dev.gannet.broker.BrokerServer;
import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.config.ConfigSource;
import dev.gannet.model.api.Page;
import dev.gannet.model.api.SessionInfo;
import dev.gannet.model.api.SessionQuery;
import dev.gannet.model.client.GannetClient;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * How fast the management endpoint pages through many client sessions, as the console's session
 * browser does: opens N persistent sessions with real MQTT CONNECTs (then leaves them offline),
 * and times pages of 100 through the Java client, by client id, sorted by queue length, and with
 * a client-id filter.
 *
 * <pre>mvn -q -DskipTests install && mvn -q -pl benchmarks exec:java -Dbench.main=dev.gannet.bench.SessionListBenchmark \
 *   -Dexec.args="100000"</pre>
 */
public final class SessionListBenchmark {

    private SessionListBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path dataDir = Files.createTempDirectory("gannet-bench-sessions-");
        BrokerConfig config = BrokerConfig.from(ConfigSource.of(Map.of(
                "mqtt.host", "127.0.0.1", "mqtt.port", "0", "http.host", "127.0.0.1", "http.port", "0",
                "security.admin-password", "bench-admin-pw", "storage.fsync", "never", "data.dir", dataDir.toString())));
        try (BrokerServer broker = new BrokerServer(config).start()) {
            long start = System.nanoTime();
            for (int i = 0; i < sessions; i++) {
                openPersistentSession(broker.mqttPort(), String.format("device-%06d", i));
            }
            System.out.printf("%d persistent sessions opened in %.1f s (%d cores, Java %s)%n", sessions,
                    (System.nanoTime() - start) / 1e9, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            GannetClient client = GannetClient.of("http://127.0.0.1:" + broker.managementPort());
            client.login("admin", "bench-admin-pw");
            int pages = Math.max(1, sessions / 100);
            time("page of 100 by client id", requests, i -> client.sessions(SessionQuery.all(100).withPage(i * 7919 % pages)));
            time("page of 100 sorted by queue, descending", requests,
                    i -> client.sessions(SessionQuery.all(100).sortedBy("queued", true).withPage(i % pages)));
            time("client id filter 'device-0123'", requests, i -> client.sessions(SessionQuery.all(100).withClientId("device-0123")));
        }
    }

    private static void time(String what, int requests, IntFunction<Page<SessionInfo>> call) {
        for (int i = 0; i < 20; i++) {
            call.apply(i); // warm up
        }
        List<Double> millis = new ArrayList<>(requests);
        long total = 0;
        for (int i = 0; i < requests; i++) {
            long t = System.nanoTime();
            Page<SessionInfo> page = call.apply(i);
            millis.add((System.nanoTime() - t) / 1e6);
            total += page.items().size();
        }
        Collections.sort(millis);
        System.out.printf("%-42s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%d requests, %d rows)%n", what,
                millis.get(requests / 2), millis.get((int) (requests * 0.99)), millis.get(requests - 1), requests, total);
    }

    /** MQTT 3.1.1 CONNECT with CleanSession=0, wait for CONNACK, then drop the socket: the session stays. */
    private static void openPersistentSession(int port, String clientId) throws IOException {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        int remaining = 10 + 2 + id.length;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            byte[] packet = new byte[2 + remaining];
            int p = 0;
            packet[p++] = 0x10;
            packet[p++] = (byte) remaining;
            for (byte b : new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x00, 0, 60}) {
                packet[p++] = b;
            }
            packet[p++] = (byte) (id.length >> 8);
            packet[p++] = (byte) id.length;
            System.arraycopy(id, 0, packet, p, id.length);
            out.write(packet);
            out.flush();
            byte[] connack = new byte[4];
            new DataInputStream(socket.getInputStream()).readFully(connack);
            if (connack[0] != 0x20 || connack[3] != 0) {
                throw new IOException("CONNACK refused for " + clientId + ": " + connack[3]);
            }
        }
    }
}
