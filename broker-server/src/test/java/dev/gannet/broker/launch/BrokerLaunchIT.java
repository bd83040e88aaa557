package dev.gannet.broker.launch;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * Starts the packaged broker the way the README does ({@code java -jar target/gannet-broker.jar}),
 * in a child JVM, and checks what a user sees: where it listens, that a client can use it, a clean
 * stop on SIGTERM, and a refused start that names the bad key.
 */
class BrokerLaunchIT {

    private static final Path JAR = Path.of("target", "gannet-broker.jar");
    private static final Pattern MQTT_LINE = Pattern.compile("MQTT\\s+mqtt://[^:\\s]+:(\\d+)");

    @TempDir
    Path dataDir;

    @Test
    void the_packaged_broker_prints_where_it_listens_serves_a_client_and_stops_cleanly_on_sigterm() throws Exception {
        Process broker = launch("GANNET_MQTT_PORT", "0");
        List<String> output = new ArrayList<>();
        try (BufferedReader out = reader(broker)) {
            int port = awaitPort(out, output);

            MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, "launch-test", new MemoryPersistence());
            client.connect(new MqttConnectOptions());
            assertThat(client.isConnected()).isTrue();
            client.disconnect();
            client.close();

            broker.toHandle().destroy(); // SIGTERM, as a service manager would send; keeps our end of stdout open
            assertThat(broker.waitFor(15, TimeUnit.SECONDS)).as("broker exits after SIGTERM").isTrue();
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
            }
        } finally {
            broker.destroyForcibly();
        }
        assertThat(output).anyMatch(l -> l.contains("Gannet stopped."));
        assertThat(output).anyMatch(l -> l.matches("\\s+management\\s+http://127\\.0\\.0\\.1:\\d+/api.*"));
        assertThat(output).anyMatch(l -> l.contains("data dir") && l.contains(dataDir.toString()));
    }

    @Test
    void a_bad_value_stops_start_up_with_exit_code_2_and_names_the_key() throws Exception {
        Process broker = launch("GANNET_MQTT_PORT", "not-a-port");
        try {
            assertThat(broker.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String all = new String(broker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(broker.exitValue()).isEqualTo(2);
            assertThat(all).contains("mqtt.port").contains("GANNET_MQTT_PORT").contains("not-a-port");
        } finally {
            broker.destroyForcibly();
        }
    }

    private Process launch(String variable, String value) throws IOException {
        assertThat(JAR).as("the packaged broker (mvn package)").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toString())
                .redirectErrorStream(true);
        builder.environment().put(variable, value);
        builder.environment().put("GANNET_MQTT_HOST", "127.0.0.1");
        builder.environment().put("GANNET_HTTP_HOST", "127.0.0.1");
        builder.environment().put("GANNET_HTTP_PORT", "0");
        builder.environment().put("GANNET_DATA_DIR", dataDir.toString());
        builder.environment().remove("GANNET_CONFIG");
        assertThat(Files.exists(Path.of("gannet.yml"))).as("no stray ./gannet.yml in the module").isFalse();
        return builder.start();
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Reads lines until the MQTT address is printed (at most 30 s), returning its port. */
    private static int awaitPort(BufferedReader out, List<String> seen) throws Exception {
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    seen.add(line);
                    Matcher m = MQTT_LINE.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("broker exited before printing its address: " + seen);
        });
        return port.get(30, TimeUnit.SECONDS);
    }
}
