package dev.gannet.console;

import dev.gannet.console.app.ConsoleApp;

/**
 * Starts the console: {@code java -jar gannet-console.jar}. A plain main class, not an
 * {@code Application}: with JavaFX on the class path, the JDK's launcher refuses to start an
 * {@code Application} subclass directly.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        javafx.application.Application.launch(ConsoleApp.class, args);
    }
}
