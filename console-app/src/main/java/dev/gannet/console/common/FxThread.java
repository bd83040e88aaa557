package dev.gannet.console.common;

import javafx.application.Platform;

/** The one place that hands work to the FX thread. */
public final class FxThread {

    private FxThread() {
    }

    /** Runs {@code action} on the FX thread: now if already there, else soon. */
    public static void run(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }
}
