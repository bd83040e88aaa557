package dev.gannet.broker.interop;

import dev.gannet.broker.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real mosquitto_pub and mosquitto_sub, as a newcomer would use them against Gannet. The
 * build installs Debian's mosquitto-clients when they are missing (src/test/sh/ensure-test-tools.sh).
 */
class MosquittoClientsIT {

    private static TestBroker broker;

    @BeforeAll
    static void start() {
        for (String tool : List.of("mosquitto_pub", "mosquitto_sub")) {
            assertThat(onPath(tool)).as(tool + " is needed: install the Debian package 'mosquitto-clients'").isTrue();
        }
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (new java.io.File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }

    private static Process start(String... command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Runs a command to completion within 10 s; returns its output; fails on a non-zero exit. */
    private static String run(String... command) throws Exception {
        Process process = start(command);
        try {
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("%s finishes", String.join(" ", command)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("exit code of %s: %s", String.join(" ", command), output).isZero();
            return output;
        } finally {
            process.destroyForcibly();
        }
    }

    private String port() {
        return String.valueOf(broker.port());
    }

    /** Starts mosquitto_sub for {@code count} messages and waits until its subscription is in place. */
    private Process subscriber(String clientId, String filter, int qos, int count) throws Exception {
        Process sub = start("mosquitto_sub", "-h", "127.0.0.1", "-p", port(), "-i", clientId, "-t", filter,
                "-q", String.valueOf(qos), "-v", "-C", String.valueOf(count), "-W", "10");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                broker.server().sessions().get(clientId) != null && !broker.server().sessions().get(clientId).subscriptions().isEmpty());
        return sub;
    }

    private static List<String> lines(Process process) throws Exception {
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("mosquitto_sub output: %s", output).isZero();
        return new ArrayList<>(output.lines().toList());
    }

    @Test
    void mosquitto_pub_and_sub_round_trip_at_qos_0_1_and_2() throws Exception {
        for (int qos = 0; qos <= 2; qos++) {
            Process sub = subscriber("msub-" + qos, "cli/" + qos + "/#", qos, 2);
            run("mosquitto_pub", "-h", "127.0.0.1", "-p", port(), "-t", "cli/" + qos + "/a", "-m", "first", "-q", String.valueOf(qos));
            run("mosquitto_pub", "-h", "127.0.0.1", "-p", port(), "-t", "cli/" + qos + "/b", "-m", "second", "-q", String.valueOf(qos));
            assertThat(lines(sub)).containsExactly("cli/" + qos + "/a first", "cli/" + qos + "/b second");
        }
    }

    @Test
    void a_retained_message_from_mosquitto_pub_reaches_a_later_mosquitto_sub() throws Exception {
        run("mosquitto_pub", "-h", "127.0.0.1", "-p", port(), "-t", "cli/retained", "-m", "kept", "-r", "-q", "1");
        String output = run("mosquitto_sub", "-h", "127.0.0.1", "-p", port(), "-t", "cli/retained", "-C", "1", "-W", "5",
                "-F", "%t %p retain=%r");
        assertThat(output.trim()).isEqualTo("cli/retained kept retain=1");
        run("mosquitto_pub", "-h", "127.0.0.1", "-p", port(), "-t", "cli/retained", "-n", "-r");
        // At QoS 0 mosquitto_pub exits as soon as the packet is written; the broker clears it just after.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> broker.server().retained().get("cli/retained") == null);
    }

    @Test
    void mosquitto_sub_with_a_persistent_session_gets_what_was_published_while_away() throws Exception {
        run("mosquitto_sub", "-h", "127.0.0.1", "-p", port(), "-i", "cli-persistent", "-c", "-q", "1", "-t", "cli/away",
                "-E");
        run("mosquitto_pub", "-h", "127.0.0.1", "-p", port(), "-t", "cli/away", "-m", "queued", "-q", "1");
        String output = run("mosquitto_sub", "-h", "127.0.0.1", "-p", port(), "-i", "cli-persistent", "-c", "-q", "1",
                "-t", "cli/away", "-C", "1", "-W", "5");
        assertThat(output.trim()).isEqualTo("queued");
    }

    @Test
    void mqtt5_mosquitto_clients_pass_user_properties_through() throws Exception {
        Process sub = start("mosquitto_sub", "-V", "5", "-h", "127.0.0.1", "-p", port(), "-i", "cli-v5", "-t", "cli/v5",
                "-C", "1", "-W", "10", "-F", "%t %p %P");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                broker.server().sessions().get("cli-v5") != null && !broker.server().sessions().get("cli-v5").subscriptions().isEmpty());
        run("mosquitto_pub", "-V", "5", "-h", "127.0.0.1", "-p", port(), "-t", "cli/v5", "-m", "hi",
                "-D", "publish", "user-property", "k1", "v1", "-D", "publish", "user-property", "k2", "v2");
        assertThat(lines(sub)).containsExactly("cli/v5 hi k1:v1 k2:v2");
    }
}
