package dev.gannet.console.credentials;

import dev.gannet.console.testing.ConsoleDriver;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Screenshots of the console window with its open dialogs drawn on top where they stand, as an
 * operator would see them. ({@link ConsoleDriver#screenshot} takes the main window alone; a
 * dialog is a window of its own.)
 */
final class WindowShots {

    private WindowShots() {
    }

    /** Saves {@code target/screenshots/NAME.png}: {@code stage} with every other showing window over it. */
    static Path save(Stage stage, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        BufferedImage shot = ConsoleDriver.onFx(() -> {
            Scene main = stage.getScene();
            BufferedImage image = toBuffered(main.snapshot(null));
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            double originX = stage.getX() + main.getX();
            double originY = stage.getY() + main.getY();
            List<Window> others = new ArrayList<>(Window.getWindows());
            for (Window window : others) {
                if (window == stage || !window.isShowing() || window.getScene() == null) {
                    continue;
                }
                // Dim the window behind, as a modal dialog does, then the dialog with a border and a shadow.
                g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.25f));
                g.setColor(Color.BLACK);
                g.fillRect(0, 0, image.getWidth(), image.getHeight());
                g.setComposite(AlphaComposite.SrcOver);
                BufferedImage dialog = toBuffered(window.getScene().snapshot(null));
                int x = (int) Math.round(window.getX() + window.getScene().getX() - originX);
                int y = (int) Math.round(window.getY() + window.getScene().getY() - originY);
                g.setColor(new Color(0, 0, 0, 60));
                g.fillRoundRect(x + 4, y + 6, dialog.getWidth(), dialog.getHeight(), 8, 8);
                g.drawImage(dialog, x, y, null);
                g.setColor(new Color(0x8a, 0x94, 0xa3));
                g.setStroke(new BasicStroke(1));
                g.drawRect(x - 1, y - 1, dialog.getWidth() + 1, dialog.getHeight() + 1);
            }
            g.dispose();
            return image;
        });
        Path dir = Path.of(System.getProperty("gannet.screenshots", "target/screenshots"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            ImageIO.write(shot, "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot save the screenshot " + name, e);
        }
    }

    private static BufferedImage toBuffered(WritableImage image) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getPixelReader().getPixels(0, y, width, 1, PixelFormat.getIntArgbInstance(), row, 0, width);
            out.setRGB(0, y, width, 1, row, 0, width);
        }
        return out;
    }
}
