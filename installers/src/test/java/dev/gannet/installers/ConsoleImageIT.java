package dev.gannet.installers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's app-image, as build.sh makes it for the .deb: JavaFX linked into its own runtime,
 * and a launcher that opens the console's window, here on a virtual X server (Xvfb).
 */
class ConsoleImageIT {

    private static final Path IMAGE = Path.of(System.getProperty("gannet.images", "target/app-image"), "gannet-console");

    @TempDir
    Path home;

    @Test
    void javafx_is_linked_into_the_runtime_not_carried_as_jars() throws IOException {
        assertThat(Files.readString(IMAGE.resolve("lib/runtime/release"))).contains("javafx.controls").contains("javafx.graphics");
        try (var jars = Files.list(IMAGE.resolve("lib/app/lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("javafx-"))
                    .anyMatch(name -> name.startsWith("controlsfx-"));
        }
    }

    @Test
    void the_launcher_opens_the_console_window_on_an_x_server() throws Exception {
        assertThat(onPath("Xvfb")).as("Xvfb (Debian package xvfb) is needed for this test").isTrue();
        assertThat(onPath("xwininfo")).as("xwininfo (Debian package x11-utils) is needed for this test").isTrue();
        String display = ":" + freeDisplay();
        Process xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(home.resolve("xvfb.log").toFile()).start();
        Process console = null;
        try {
            await().atMost(10, TimeUnit.SECONDS).until(() -> run("xwininfo", "-display", display, "-root").contains("Width"));
            ProcessBuilder builder = new ProcessBuilder(IMAGE.resolve("bin/gannet-console").toString())
                    .redirectErrorStream(true).redirectOutput(home.resolve("console.log").toFile());
            builder.environment().put("DISPLAY", display);
            builder.environment().put("HOME", home.toString()); // its recent brokers and preferences go there
            console = builder.start();
            Process started = console;
            await().atMost(60, TimeUnit.SECONDS).until(() -> !started.isAlive()
                    || run("xwininfo", "-display", display, "-root", "-tree").contains("\"Gannet console\""));
            assertThat(console.isAlive()).as("the console is running: " + Files.readString(home.resolve("console.log"))).isTrue();
            assertThat(Files.readString(home.resolve("console.log"))).doesNotContain("Exception")
                    .doesNotContain("Unsupported JavaFX configuration");
        } finally {
            if (console != null) {
                console.destroy();
                console.waitFor(10, TimeUnit.SECONDS);
                console.destroyForcibly();
            }
            xvfb.destroy();
            xvfb.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean onPath(String command) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    /** A display number nobody uses: its X socket is absent and its TCP port (6000 + n) is free. */
    private static int freeDisplay() throws IOException {
        for (int n = 90; n < 200; n++) {
            if (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            try (ServerSocket probe = new ServerSocket(6000 + n)) {
                probe.setReuseAddress(true); // only to learn that the display's port is free
                return n;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IOException("no free X display number between 90 and 199");
    }
}
