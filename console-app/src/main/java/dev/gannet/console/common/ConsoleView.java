package dev.gannet.console.common;

import javafx.scene.Node;

/** One view of the console's main window: its root node, and what it does when shown or closed. */
public interface ConsoleView {

    Node root();

    /** Called each time the view is shown: reload what may have changed meanwhile. */
    default void shown() {
    }

    /** Called when the console logs out or closes: stop timers and listeners. */
    default void dispose() {
    }
}
