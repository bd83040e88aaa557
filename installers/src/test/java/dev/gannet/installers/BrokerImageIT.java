package dev.gannet.installers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker's app-image, as build.sh makes it for the .deb and the tarball: its own trimmed Java
 * runtime, and a launcher that starts the broker and serves MQTT.
 */
class BrokerImageIT {

    private static final Path IMAGE = Path.of(System.getProperty("gannet.images", "target/app-image"), "gannet-broker");
    private static final Pattern MQTT_LINE = Pattern.compile("MQTT\\s+mqtt://[^:\\s]+:(\\d+)");

    @TempDir
    Path dataDir;

    @Test
    void the_runtime_holds_only_the_modules_the_broker_needs_and_no_window_system() throws Exception {
        String release = Files.readString(IMAGE.resolve("lib/runtime/release"));
        assertThat(release).contains("java.sql").contains("jdk.crypto.ec")
                .as("the Kafka and Redis clients of cluster mode").contains("java.security.sasl").contains("java.management")
                .doesNotContain("jdk.compiler").doesNotContain("javafx").doesNotContain("jdk.jshell");
        assertThat(IMAGE.resolve("lib/runtime/lib/libawt_xawt.so")).as("no X11 in a server's runtime").doesNotExist();
        assertThat(IMAGE.resolve("lib/app/gannet-broker.service")).as("the systemd unit travels with the package").exists();
        assertThat(Files.readString(IMAGE.resolve("lib/app/gannet.yml"))).contains("dir: /var/lib/gannet");
    }

    @Test
    void the_launcher_starts_the_broker_which_accepts_an_mqtt_connection_and_stops_on_sigterm() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(IMAGE.resolve("bin/gannet-broker").toString()).redirectErrorStream(true);
        builder.environment().put("GANNET_MQTT_HOST", "127.0.0.1");
        builder.environment().put("GANNET_MQTT_PORT", "0");
        builder.environment().put("GANNET_HTTP_HOST", "127.0.0.1");
        builder.environment().put("GANNET_HTTP_PORT", "0");
        builder.environment().put("GANNET_DATA_DIR", dataDir.toString());
        builder.environment().remove("GANNET_CONFIG");
        Process broker = builder.directory(dataDir.toFile()).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8))) {
            int port = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        output.add(line);
                        Matcher m = MQTT_LINE.matcher(line);
                        if (m.find()) {
                            return Integer.parseInt(m.group(1));
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                throw new IllegalStateException("the broker exited before listening: " + output);
            }).get(60, TimeUnit.SECONDS);

            assertThat(connack(port)).as("CONNACK accepted").containsExactly(0x20, 0x02, 0x00, 0x00);

            broker.toHandle().destroy();
            assertThat(broker.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
            }
        } finally {
            broker.destroyForcibly();
        }
        assertThat(output).anyMatch(l -> l.contains("Gannet stopped."));
    }

    /** MQTT 3.1.1 CONNECT, clean session; returns the CONNACK's four bytes. */
    private static int[] connack(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            byte[] id = "image-check".getBytes(StandardCharsets.UTF_8);
            byte[] packet = new byte[2 + 12 + id.length];
            byte[] head = {0x10, (byte) (12 + id.length), 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60, 0, (byte) id.length};
            System.arraycopy(head, 0, packet, 0, head.length);
            System.arraycopy(id, 0, packet, head.length, id.length);
            OutputStream out = socket.getOutputStream();
            out.write(packet);
            out.flush();
            byte[] reply = new byte[4];
            new DataInputStream(socket.getInputStream()).readFully(reply);
            int[] bytes = new int[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = reply[i] & 0xff;
            }
            return bytes;
        }
    }
}
