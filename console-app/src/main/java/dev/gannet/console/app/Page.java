package dev.gannet.console.app;

import javafx.scene.input.KeyCode;

/** The views of the main window, in the order of the navigation list (Ctrl+1 … Ctrl+7). */
public enum Page {
    DASHBOARD("Dashboard", KeyCode.DIGIT1),
    TOPOLOGY("Topology", KeyCode.DIGIT2),
    SESSIONS("Client sessions", KeyCode.DIGIT3),
    CREDENTIALS("Credentials", KeyCode.DIGIT4),
    RETAINED("Retained messages", KeyCode.DIGIT5),
    ACCESS("Blocked & unauthorized", KeyCode.DIGIT6),
    SETTINGS("Settings & about", KeyCode.DIGIT7);

    private final String title;
    private final KeyCode shortcut;

    Page(String title, KeyCode shortcut) {
        this.title = title;
        this.shortcut = shortcut;
    }

    public String title() {
        return title;
    }

    public KeyCode shortcut() {
        return shortcut;
    }

    @Override
    public String toString() {
        return title;
    }
}
