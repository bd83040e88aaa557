package dev.gannet.console.retained;

import dev.gannet.console.common.ConsoleView;
import javafx.scene.Node;
import javafx.scene.control.Label;

/** Placeholder: replaced by the feature's real view. */
public final class RetainedView implements ConsoleView {

    private final Label root = new Label("Retained");

    public RetainedView(RetainedViewModel model) {
    }

    @Override
    public Node root() {
        return root;
    }
}
