package dev.gannet.console.common;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.Node;

/** The console's confirmations and error notices, with the same look everywhere. */
public final class Dialogs {

    private Dialogs() {
    }

    /**
     * Asks before something that cannot be undone; true when the operator confirmed.
     *
     * @param action the button's text ("Remove session")
     */
    public static boolean confirm(Node owner, String title, String question, String action) {
        ButtonType confirm = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, question, confirm, ButtonType.CANCEL);
        alert.setTitle(title);
        alert.setHeaderText(title);
        if (owner != null && owner.getScene() != null) {
            alert.initOwner(owner.getScene().getWindow());
        }
        return alert.showAndWait().filter(confirm::equals).isPresent();
    }
}
