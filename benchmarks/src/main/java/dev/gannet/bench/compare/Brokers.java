package dev.gannet.bench.compare;

import dev.gannet.bench.load.ProcessProbe;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How each broker of a comparison is started: Gannet from its runnable jar, Mosquitto from the
 * Debian package (installed with apt-get when missing and running as root), HiveMQ CE from the
 * launcher module's jar. Each gets a fresh working folder (data, configuration, log) and free
 * ports, listens on 127.0.0.1 only, and logs warnings and errors only.
 */
final class Brokers {

    static final List<String> KNOWN = List.of("gannet", "mosquitto", "hivemq");
    private static final String ADMIN_PASSWORD = "bench-" + Long.toHexString(Double.doubleToLongBits(Math.random()));

    /**
     * @param java      the JVM for Gannet
     * @param hivemqJava the JVM for HiveMQ CE
     * @param jvmOptions options for both JVM brokers (heap size, collector)
     */
    record Setup(Path gannetJar, Path hivemqJar, Path java, Path hivemqJava, List<String> jvmOptions, String brokerCpus) {
    }

    private Brokers() {
    }

    static BrokerProcess start(String name, Setup setup, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        return switch (name) {
            case "gannet" -> gannet(setup, workDir);
            case "mosquitto" -> mosquitto(setup, workDir);
            case "hivemq" -> hivemq(setup, workDir);
            default -> throw new IllegalArgumentException("Unknown broker '" + name + "'; known: " + String.join(", ", KNOWN));
        };
    }

    private static BrokerProcess gannet(Setup setup, Path workDir) throws IOException, InterruptedException {
        requireFile(setup.gannetJar(), "the Gannet broker jar (mvn -pl benchmarks -am package -DskipTests builds it)");
        int port = BrokerProcess.freePort();
        int httpPort = BrokerProcess.freePort();
        List<String> command = new ArrayList<>();
        command.add(setup.java().toString());
        command.addAll(setup.jvmOptions());
        command.add("-jar");
        command.add(setup.gannetJar().toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(BrokerProcess.pinned(setup.brokerCpus(), command)).directory(workDir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("GANNET_"));
        env.put("GANNET_MQTT_HOST", "127.0.0.1");
        env.put("GANNET_MQTT_PORT", Integer.toString(port));
        env.put("GANNET_HTTP_HOST", "127.0.0.1");
        env.put("GANNET_HTTP_PORT", Integer.toString(httpPort));
        env.put("GANNET_DATA_DIR", workDir.resolve("data").toAbsolutePath().toString());
        env.put("GANNET_SECURITY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("GANNET_LOG_LEVEL", "WARN");
        Path log = workDir.resolve("broker.log");
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        BrokerProcess.awaitListening(process, port, 120_000, log);
        BrokerProcess.awaitListening(process, httpPort, 60_000, log);
        ProcessProbe probe = new ProcessProbe(process.pid(), jcmd(setup.java()),
                URI.create("http://127.0.0.1:" + httpPort + "/metrics"), "admin", ADMIN_PASSWORD);
        return new BrokerProcess("gannet", process, port, probe, log);
    }

    private static BrokerProcess mosquitto(Setup setup, Path workDir) throws IOException, InterruptedException {
        Path binary = mosquittoBinary();
        int port = BrokerProcess.freePort();
        Path conf = workDir.resolve("mosquitto.conf");
        Files.writeString(conf, """
                # written by the Gannet comparison runner: defaults otherwise (max_queued_messages 1000, max_inflight_messages 20,
                # in-memory persistence)
                listener %d 127.0.0.1
                allow_anonymous true
                max_connections -1
                log_dest stdout
                log_type error
                log_type warning
                connection_messages false
                """.formatted(port));
        Path log = workDir.resolve("broker.log");
        ProcessBuilder builder = new ProcessBuilder(BrokerProcess.pinned(setup.brokerCpus(),
                List.of(binary.toString(), "-c", conf.toAbsolutePath().toString()))).directory(workDir.toFile());
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        BrokerProcess.awaitListening(process, port, 30_000, log);
        return new BrokerProcess("mosquitto", process, port, new ProcessProbe(process.pid(), null, null, null, null), log);
    }

    private static BrokerProcess hivemq(Setup setup, Path workDir) throws IOException, InterruptedException {
        requireFile(setup.hivemqJar(), "the HiveMQ CE launcher (mvn -pl benchmarks -am package -DskipTests builds it)");
        int port = BrokerProcess.freePort();
        Path conf = workDir.resolve("conf");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <!-- written by the Gannet comparison runner: HiveMQ CE defaults otherwise (file persistence, queue of 1000 per client) -->
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>127.0.0.1</bind-address>
                    </tcp-listener>
                  </listeners>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port));
        List<String> command = new ArrayList<>();
        command.add(setup.hivemqJava().toString());
        command.addAll(setup.jvmOptions());
        command.add("-jar");
        command.add(setup.hivemqJar().toAbsolutePath().toString());
        command.add(workDir.toAbsolutePath().toString());
        Path log = workDir.resolve("broker.log");
        Process process = new ProcessBuilder(BrokerProcess.pinned(setup.brokerCpus(), command)).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        BrokerProcess.awaitListening(process, port, 180_000, log);
        ProcessProbe probe = new ProcessProbe(process.pid(), jcmd(setup.hivemqJava()), null, null, null);
        return new BrokerProcess("hivemq", process, port, probe, log);
    }

    /** {@code mosquitto} from the PATH or /usr/sbin; installs the Debian package when missing and running as root. */
    private static Path mosquittoBinary() throws IOException, InterruptedException {
        Path found = findMosquitto();
        if (found != null) {
            return found;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IOException("mosquitto is not installed: apt-get install mosquitto (the runner installs it when run as root)");
        }
        System.out.println("  installing mosquitto (apt-get install mosquitto)...");
        int code = new ProcessBuilder("sh", "-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto "
                + "|| (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto)")
                .inheritIO().start().waitFor();
        found = findMosquitto();
        if (code != 0 || found == null) {
            throw new IOException("apt-get install mosquitto failed (exit code " + code + ")");
        }
        return found;
    }

    private static Path findMosquitto() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "mosquitto"));
            }
        }
        candidates.add(Path.of("/usr/sbin/mosquitto"));
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The {@code jcmd} beside a {@code java} executable, or null if that JVM has none (a JRE). */
    private static Path jcmd(Path java) {
        Path jcmd = java.toAbsolutePath().getParent().resolve("jcmd");
        return Files.isExecutable(jcmd) ? jcmd : null;
    }

    private static void requireFile(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: " + what);
        }
    }
}
