package dev.gannet.console.credentials;

import dev.gannet.model.api.Credentials;
import dev.gannet.model.api.CredentialsType;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Asks for a new password twice; closes once the broker took it, keeps a refusal on show. */
final class PasswordChangeDialog {

    private final Dialog<Credentials> dialog = new Dialog<>();

    PasswordChangeDialog(PasswordChangeModel model, Window owner) {
        dialog.setTitle("Change password");
        dialog.setHeaderText("New password for '" + model.credentials().name() + "'");
        DialogStyles.apply(dialog, owner);

        PasswordField password = new PasswordField();
        password.setId("password-new");
        password.textProperty().bindBidirectional(model.passwordProperty());
        PasswordField confirmation = new PasswordField();
        confirmation.setId("password-confirm");
        confirmation.textProperty().bindBidirectional(model.confirmationProperty());
        Styles.toggle(confirmation, Styles.INVALID, model.problemProperty().map(p -> p.contains("differ")));

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("New password"), password);
        grid.addRow(1, new Label("Once more"), confirmation);
        Label problem = new Label();
        problem.setId("password-problem");
        problem.getStyleClass().add("muted");
        problem.textProperty().bind(model.problemProperty());
        Label error = new Label();
        error.setId("password-error");
        error.getStyleClass().add("error-text");
        Styles.wrap(error);
        error.textProperty().bind(model.errorProperty());
        Label note = new Label(model.credentials().credentialsType() == CredentialsType.SCRAM
                ? "New SCRAM keys are derived from it; the password itself is not kept."
                : "Clients connect with it from their next CONNECT on; connected clients stay connected.");
        note.getStyleClass().add("muted");
        Styles.wrap(note);
        VBox content = new VBox(10, grid, problem, error, note);
        content.setPrefWidth(440);
        content.setPadding(new Insets(12, 16, 4, 16));
        dialog.getDialogPane().setContent(content);

        ButtonType change = new ButtonType("Change password", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(change, ButtonType.CANCEL);
        Button changeButton = (Button) dialog.getDialogPane().lookupButton(change);
        changeButton.setId("password-save");
        changeButton.disableProperty().bind(model.canSaveProperty().not());
        changeButton.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            model.save();
        });
        dialog.setResultConverter(button -> model.changedProperty().get());
        model.changedProperty().addListener((obs, old, stored) -> {
            if (stored != null) {
                dialog.setResult(stored);
                dialog.close();
            }
        });
        dialog.setOnShown(event -> password.requestFocus());
    }

    void show() {
        dialog.show();
    }
}
