package dev.gannet.broker;

import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.config.ConfigException;
import dev.gannet.broker.config.ConfigSource;
import dev.gannet.broker.transport.Transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the broker: {@code java -jar gannet-broker.jar [--config gannet.yml]}.
 *
 * <p>The configuration file is the one named by {@code --config}, else {@code GANNET_CONFIG},
 * else {@code ./gannet.yml} if present; without one, the documented defaults apply. Environment
 * variables override either. Ctrl-C (SIGINT/SIGTERM) stops the broker cleanly.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        BrokerServer server;
        try {
            Path configFile = configFile(args, env);
            BrokerConfig config = BrokerConfig.from(ConfigSource.load(configFile, env));
            server = new BrokerServer(config).start();
            settleHeap();
            System.out.println("Gannet " + version() + " started"
                    + (configFile == null ? " with default configuration" : " with " + configFile.toAbsolutePath()));
            String host = hostForDisplay(config.mqtt().host());
            server.listenerPorts().forEach((transport, port) -> System.out.printf("  %-11s %s://%s:%d%s%n",
                    transport == Transport.TCP ? "MQTT" : "MQTT " + transport, transport.scheme(), host, port,
                    transport == Transport.WS || transport == Transport.WSS ? config.listeners().wsPath() : ""));
            if (config.http().enabled()) {
                System.out.printf("  %-11s %s://%s:%d/api (Prometheus at /metrics)%n", "management", config.http().tls() ? "https" : "http",
                        hostForDisplay(config.http().host()), server.managementPort());
            }
            System.out.println("  data dir    " + config.dataDir().toAbsolutePath());
            server.generatedAdminPassword().ifPresent(password -> System.out.println(
                    "  admin       user 'admin', password " + password + " (shown once; set GANNET_SECURITY_ADMIN_PASSWORD to choose it)"));
            System.out.println("Press Ctrl-C to stop.");
        } catch (ConfigException e) {
            System.err.println("Gannet cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        BrokerServer running = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Gannet stopping...");
            running.close();
            System.out.println("Gannet stopped.");
            stopped.countDown();
        }, "gannet-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Path configFile(String[] args, Map<String, String> env) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                if (i + 1 >= args.length) {
                    throw new ConfigException("--config needs a file path");
                }
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
            throw new ConfigException("Unknown argument '" + args[i] + "'; usage: gannet-broker [--config FILE]");
        }
        String fromEnv = env.get("GANNET_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        Path local = Path.of("gannet.yml");
        return Files.isRegularFile(local) ? local : null;
    }

    private static String hostForDisplay(String host) {
        return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    }

    private static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }

    /**
     * One full collection once start-up is done. Start-up leaves megabytes of long-lived objects
     * (the metadata database's pages, the management server, compiled queries) in the young
     * generation; left there, every young collection of the first minute copies them again until
     * they are old enough to be promoted, which made the first young pauses under load 10 to 60 ms
     * instead of 2 to 3 (measured with the Serial collector a one-CPU machine gets). Collected
     * now, they are promoted at once, before load arrives (the listeners are open, so a client
     * connecting in these first moments may wait for this one collection).
     */
    @SuppressWarnings("java:S1215") // an explicit collection, on purpose, once
    private static void settleHeap() {
        System.gc();
    }
}
