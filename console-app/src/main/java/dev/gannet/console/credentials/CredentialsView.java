package dev.gannet.console.credentials;

import dev.gannet.console.common.ConsoleView;
import javafx.scene.Node;
import javafx.scene.control.Label;

/** Placeholder: replaced by the feature's real view. */
public final class CredentialsView implements ConsoleView {

    private final Label root = new Label("Credentials");

    public CredentialsView(CredentialsViewModel model) {
    }

    @Override
    public Node root() {
        return root;
    }
}
