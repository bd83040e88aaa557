package dev.gannet.console.credentials;

import dev.gannet.model.api.ClientType;
import dev.gannet.model.api.Credentials;
import dev.gannet.model.api.CredentialsType;
import javafx.beans.property.StringProperty;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Control;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The dialog that creates or edits credentials: the common fields, the fields of the chosen type
 * only, and the publish and subscribe rules. Problems show as the operator types (the field turns
 * "invalid", the first problem is spelled out, Save stays disabled); Save sends in the background
 * and the dialog closes only once the broker stored the credentials. A refusal stays in the dialog.
 */
final class CredentialsEditorDialog {

    private final CredentialsEditorModel model;
    private final Dialog<Credentials> dialog = new Dialog<>();
    private final GridPane fields = new GridPane();

    private final TextField name = new TextField();
    private final ChoiceBox<CredentialsType> type = new ChoiceBox<>();
    private final ChoiceBox<ClientType> clientType = new ChoiceBox<>();
    private final TextField clientId = new TextField();
    private final TextField userName = new TextField();
    private final PasswordField password = new PasswordField();
    private final TextField certCommonName = new TextField();
    private final TextField certCnPattern = new TextField();
    private final ChoiceBox<String> scramAlgorithm = new ChoiceBox<>();

    CredentialsEditorDialog(CredentialsEditorModel model, Window owner) {
        this.model = model;
        dialog.setTitle(model.isCreating() ? "New credentials" : "Edit credentials");
        dialog.setHeaderText(model.isCreating() ? "New credentials" : "Edit '" + model.nameProperty().get() + "'");
        dialog.setResizable(true);
        DialogStyles.apply(dialog, owner);

        bindField(name, "editor-name", model.nameProperty(), "name", "what operators call them, e.g. Thermostat 12");
        type.setId("editor-type");
        type.getItems().setAll(CredentialsType.values());
        type.valueProperty().bindBidirectional(model.typeProperty());
        type.setDisable(!model.isCreating()); // the broker keeps another kind of secret for each type
        clientType.setId("editor-client-type");
        clientType.getItems().setAll(ClientType.values());
        clientType.valueProperty().bindBidirectional(model.clientTypeProperty());
        bindField(clientId, "editor-client-id", model.clientIdProperty(), "clientId", "the client id matched");
        bindField(userName, "editor-user-name", model.userNameProperty(), "userName", "the user name matched");
        bindField(password, "editor-password", model.passwordProperty(), "password", null);
        bindField(certCommonName, "editor-cert-cn", model.certCommonNameProperty(), "certCommonName",
                "common name of the issuing certificate, e.g. My MQTT CA");
        bindField(certCnPattern, "editor-cert-pattern", model.certCnPatternProperty(), "certCnPattern",
                "client certificate CN pattern, e.g. device-.*");
        scramAlgorithm.setId("editor-scram-algorithm");
        scramAlgorithm.getItems().setAll(CredentialsEditorModel.SCRAM_ALGORITHMS);
        scramAlgorithm.valueProperty().bindBidirectional(model.scramAlgorithmProperty());
        Styles.toggle(scramAlgorithm, Styles.INVALID, model.invalid("scramAlgorithm"));

        fields.setHgap(10);
        fields.setVgap(8);
        fields.getColumnConstraints().addAll(new ColumnConstraints(150),
                new ColumnConstraints(200, 420, Double.MAX_VALUE, Priority.ALWAYS, null, true));
        layOutFields();
        model.typeProperty().addListener((obs, old, now) -> layOutFields());

        AuthRuleListEditor publish = new AuthRuleListEditor(model.publishRules(), "publish", "publishing",
                "Any topic may be published to.", "Only topics that match a pattern (a regular expression).",
                "No topic may be published to: add a pattern, or untick the box.");
        AuthRuleListEditor subscribe = new AuthRuleListEditor(model.subscribeRules(), "subscribe", "subscribing",
                "Any topic filter may be subscribed to.", "Only topic filters that match a pattern (a regular expression).",
                "No filter may be subscribed to: add a pattern, or untick the box.");
        HBox rules = new HBox(16, titled("Publish rules", publish.root()), titled("Subscribe rules", subscribe.root()));

        Label problem = new Label();
        problem.setId("editor-problem");
        problem.getStyleClass().add("error-text");
        Styles.wrap(problem);
        problem.textProperty().bind(model.firstProblemProperty());
        Label error = new Label();
        error.setId("editor-error");
        error.getStyleClass().add("error-text");
        Styles.wrap(error);
        error.textProperty().bind(model.serverErrorProperty());
        Label saving = new Label("Saving…");
        saving.getStyleClass().add("muted");
        saving.visibleProperty().bind(model.savingProperty());
        saving.managedProperty().bind(model.savingProperty());

        VBox content = new VBox(10, fields, new Separator(), rules, problem, error, saving);
        content.setPadding(new Insets(12, 16, 4, 16));
        content.setPrefWidth(720);
        dialog.getDialogPane().setContent(content);

        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(save, ButtonType.CANCEL);
        Button saveButton = (Button) dialog.getDialogPane().lookupButton(save);
        saveButton.setId("editor-save");
        saveButton.disableProperty().bind(model.canSaveProperty().not());
        // Save must not close the dialog: the broker may still refuse, and then the input must stay.
        saveButton.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            model.save();
        });
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL)).setId("editor-cancel");
        dialog.setResultConverter(button -> model.savedProperty().get());
        model.savedProperty().addListener((obs, old, stored) -> {
            if (stored != null) {
                dialog.setResult(stored);
                dialog.close();
            }
        });
        dialog.setOnShown(event -> name.requestFocus());
    }

    private void bindField(TextField field, String id, StringProperty value, String apiField,
                           String prompt) {
        field.setId(id);
        field.textProperty().bindBidirectional(value);
        if (prompt != null) {
            field.setPromptText(prompt);
        }
        Styles.toggle(field, Styles.INVALID, model.invalid(apiField));
    }

    /** The rows of the common fields and of the chosen type's. */
    private void layOutFields() {
        fields.getChildren().clear();
        int row = 0;
        row = addRow(row, "Name", name);
        row = addRow(row, "Type", type);
        row = addRow(row, "Client type", clientType);
        switch (model.typeProperty().get()) {
            case MQTT_BASIC -> {
                password.setPromptText(model.keepsPassword() ? "leave empty to keep the current password"
                        : "optional: leave empty to ask for none");
                row = addRow(row, "Client id", clientId);
                row = addRow(row, "User name", userName);
                addRow(row, "Password", password);
            }
            case X_509 -> {
                row = addRow(row, "Certificate common name", certCommonName);
                addRow(row, "Certificate CN pattern", certCnPattern);
            }
            case SCRAM -> {
                password.setPromptText(model.keepsPassword() ? "leave empty to keep the current keys"
                        : "required: the SCRAM keys are derived from it");
                row = addRow(row, "User name", userName);
                row = addRow(row, "Algorithm", scramAlgorithm);
                addRow(row, "Password", password);
            }
        }
        dialog.getDialogPane().requestLayout();
    }

    private int addRow(int row, String label, Control control) {
        control.setMaxWidth(Double.MAX_VALUE);
        fields.addRow(row, new Label(label), control);
        return row + 1;
    }

    private static Node titled(String title, Node body) {
        Label label = new Label(title);
        label.getStyleClass().add("section-title");
        VBox box = new VBox(6, label, body);
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setPrefWidth(350);
        return box;
    }

    /** Shows the dialog without waiting: the console keeps running while it is open. */
    void show() {
        dialog.show();
    }

    Dialog<Credentials> dialog() {
        return dialog;
    }
}
