package dev.gannet.console.sessions;

import dev.gannet.console.common.ConsoleView;
import javafx.scene.Node;
import javafx.scene.control.Label;

/** Placeholder: replaced by the feature's real view. */
public final class SessionsView implements ConsoleView {

    private final Label root = new Label("Sessions");

    public SessionsView(SessionsViewModel model) {
    }

    @Override
    public Node root() {
        return root;
    }
}
