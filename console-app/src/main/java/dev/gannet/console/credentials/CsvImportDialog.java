package dev.gannet.console.credentials;

import dev.gannet.model.api.CredentialsCsv;
import dev.gannet.model.api.ImportResult;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * What a CSV file holds before it is imported (how many credentials, the problems by line) and,
 * after, what the broker did: created them all, or refused the file with its problems.
 */
final class CsvImportDialog {

    private final Dialog<Void> dialog = new Dialog<>();

    CsvImportDialog(CsvImportModel model, Window owner) {
        dialog.setTitle("Import credentials");
        dialog.setHeaderText("Import credentials from a CSV file");
        dialog.setResizable(true);
        DialogStyles.apply(dialog, owner);

        Label source = new Label();
        source.getStyleClass().add("section-title");
        source.textProperty().bind(model.sourceProperty());
        Label summary = new Label();
        summary.setId("import-summary");
        Styles.wrap(summary);
        summary.textProperty().bind(model.summaryProperty());
        Label error = new Label();
        error.setId("import-error");
        error.getStyleClass().add("error-text");
        Styles.wrap(error);
        error.textProperty().bind(model.errorProperty());
        ListView<ImportResult.ImportProblem> problems = new ListView<>(model.problems());
        problems.setId("import-problems");
        problems.setPrefHeight(220);
        problems.setPlaceholder(new Label("No problems"));
        problems.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(ImportResult.ImportProblem problem, boolean empty) {
                super.updateItem(problem, empty);
                setText(empty || problem == null ? null : CsvImportModel.describe(problem));
            }
        });
        Label columns = new Label("Columns: " + String.join(", ", CredentialsCsv.COLUMNS)
                + ". Rules in one cell are separated by ';'.");
        columns.getStyleClass().add("muted");
        Styles.wrap(columns);
        VBox content = new VBox(10, source, summary, error, problems, columns);
        content.setPrefWidth(620);
        content.setPadding(new Insets(12, 16, 4, 16));
        dialog.getDialogPane().setContent(content);

        ButtonType importType = new ButtonType("Import", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(importType, ButtonType.CLOSE);
        Button importButton = (Button) dialog.getDialogPane().lookupButton(importType);
        importButton.setId("import-run");
        importButton.disableProperty().bind(model.canImportProperty().not());
        importButton.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume(); // stay open to show what the broker did
            model.importNow();
        });
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CLOSE)).setId("import-close");
    }

    void show() {
        dialog.show();
    }
}
