package dev.gannet.bench.hivemq;

import com.hivemq.embedded.EmbeddedHiveMQ;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs HiveMQ Community Edition (embedded) in the foreground until SIGTERM:
 * {@code java -jar gannet-bench-hivemq-ce.jar HOME}, where {@code HOME/conf/config.xml} is the
 * broker's configuration (listeners); {@code HOME/data} and {@code HOME/extensions} are created.
 * Prints {@code HIVEMQ STARTED} once it listens. The comparison runner writes the configuration
 * and starts this class in a JVM of its own.
 */
public final class HiveMqLauncher {

    private HiveMqLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -jar gannet-bench-hivemq-ce.jar HOME (HOME/conf/config.xml is read)");
            System.exit(2);
        }
        if (System.getProperty("logback.configurationFile") == null) {
            // HiveMQ's own jar carries a logback.xml too: name ours so logback need not choose
            System.setProperty("logback.configurationFile", "hivemq-bench-logback.xml");
        }
        Path home = Path.of(args[0]);
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("extensions"));
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data"))
                .withExtensionsFolder(home.resolve("extensions"))
                .withoutLoggingBootstrap()
                .build();
        hivemq.start().get(2, TimeUnit.MINUTES);
        System.out.println("HIVEMQ STARTED");
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                hivemq.stop().get(30, TimeUnit.SECONDS);
                hivemq.close();
            } catch (Exception e) {
                System.err.println("HiveMQ did not stop cleanly: " + e);
            }
            stopped.countDown();
        }, "hivemq-shutdown"));
        stopped.await();
    }
}
