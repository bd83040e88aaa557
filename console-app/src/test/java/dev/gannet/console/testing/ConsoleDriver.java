package dev.gannet.console.testing;

import dev.gannet.console.app.ConsoleApp;
import dev.gannet.console.app.Page;
import dev.gannet.console.connect.RecentBrokers;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.TextInputControl;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Drives the real console window in a headless test: starts it on a stage, logs in through the
 * form, switches pages, finds nodes by id, and saves screenshots (for the README) under
 * {@code target/screenshots}.
 */
public final class ConsoleDriver {

    private final FxRobot robot;
    private ConsoleApp app;
    private Stage stage;

    public ConsoleDriver(FxRobot robot) {
        this.robot = robot;
    }

    /** Starts the console on {@code stage}, remembering brokers in a fresh temporary file. */
    public ConsoleApp start(Stage stage) throws IOException {
        this.stage = stage;
        Path recent = Files.createTempFile("gannet-recent-", ".json");
        Files.delete(recent);
        recent.toFile().deleteOnExit();
        app = new ConsoleApp(new RecentBrokers(recent));
        app.start(stage);
        return app;
    }

    public ConsoleApp app() {
        return app;
    }

    /** Fills the login form and logs in; returns once the main window shows. */
    public void logIn(ConsoleTestBroker broker) {
        fill("#broker-url", broker.url());
        fill("#username", "admin");
        fill("#password", ConsoleTestBroker.ADMIN_PASSWORD);
        robot.clickOn("#login");
        await().atMost(15, TimeUnit.SECONDS).until(() -> app.mainView() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Replaces the text of the input {@code query} finds. */
    public void fill(String query, String text) {
        TextInputControl input = robot.lookup(query).queryAs(TextInputControl.class);
        onFx(() -> {
            input.setText(text);
            return null;
        });
    }

    public void show(Page page) {
        onFx(() -> {
            app.mainView().select(page);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    public <T extends Node> T find(String query, Class<T> type) {
        return robot.lookup(query).queryAs(type);
    }

    /** Runs {@code action} on the FX thread and returns its result. */
    public static <T> T onFx(Callable<T> action) {
        try {
            return WaitForAsyncUtils.asyncFx(action).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Saves the whole window as {@code target/screenshots/NAME.png}. */
    public Path screenshot(String name) {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = onFx(() -> stage.getScene().snapshot(null));
        Path dir = Path.of(System.getProperty("gannet.screenshots", "target/screenshots"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            ImageIO.write(toBuffered(image), "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot save the screenshot " + name, e);
        }
    }

    /** JavaFX image to AWT, without javafx.swing. */
    private static java.awt.image.BufferedImage toBuffered(WritableImage image) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getPixelReader().getPixels(0, y, width, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, width);
            out.setRGB(0, y, width, 1, row, 0, width);
        }
        return out;
    }

    /** Stops the console as closing its window would. */
    public void stop() {
        if (app != null) {
            onFx(() -> {
                app.stop();
                stage.close();
                return null;
            });
        }
        Platform.runLater(() -> { });
    }
}
