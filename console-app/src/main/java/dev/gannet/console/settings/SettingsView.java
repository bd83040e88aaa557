package dev.gannet.console.settings;

import dev.gannet.console.common.ConsoleView;
import javafx.scene.Node;
import javafx.scene.control.Label;

/** Placeholder: replaced by the feature's real view. */
public final class SettingsView implements ConsoleView {

    private final Label root = new Label("Settings");

    public SettingsView(SettingsViewModel model) {
    }

    @Override
    public Node root() {
        return root;
    }
}
