package dev.gannet.console.access;

import dev.gannet.console.common.ConsoleView;
import javafx.scene.Node;
import javafx.scene.control.Label;

/** Placeholder: replaced by the feature's real view. */
public final class AccessView implements ConsoleView {

    private final Label root = new Label("Access");

    public AccessView(AccessViewModel model) {
    }

    @Override
    public Node root() {
        return root;
    }
}
