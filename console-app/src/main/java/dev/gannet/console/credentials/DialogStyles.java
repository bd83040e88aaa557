package dev.gannet.console.credentials;

import javafx.scene.control.Dialog;
import javafx.stage.Window;

/** Dialogs have a scene of their own: give them the console's stylesheets (theme included) and this package's. */
final class DialogStyles {

    static final String STYLESHEET = DialogStyles.class.getResource("credentials.css").toExternalForm();

    private DialogStyles() {
    }

    static void apply(Dialog<?> dialog, Window owner) {
        if (owner != null) {
            dialog.initOwner(owner);
            if (owner.getScene() != null) {
                dialog.getDialogPane().getStylesheets().addAll(owner.getScene().getStylesheets());
            }
        }
        dialog.getDialogPane().getStylesheets().add(STYLESHEET);
        dialog.getDialogPane().getStyleClass().add("credentials-dialog");
    }
}
