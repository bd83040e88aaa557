package dev.gannet.console.credentials;

import dev.gannet.console.common.ConsoleView;
import dev.gannet.console.common.Dialogs;
import dev.gannet.model.api.Credentials;
import dev.gannet.model.api.CredentialsType;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;
import javafx.util.StringConverter;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The credentials of the broker in a table, a page at a time, with a type filter and a search
 * field; and the commands: new, edit, change password, delete (asked first) and import a CSV file.
 * Enter or a double click edits the selected row; Delete deletes it.
 */
public final class CredentialsView implements ConsoleView {

    /** How long typing must pause before the search goes to the broker. */
    static final Duration SEARCH_DELAY = Duration.millis(300);

    private final CredentialsViewModel model;
    private final VBox root = new VBox(10);
    private final TableView<Credentials> table = new TableView<>();
    private final PauseTransition searchDelay = new PauseTransition(SEARCH_DELAY);

    public CredentialsView(CredentialsViewModel model) {
        this.model = model;
        root.setId("credentials");
        root.getStylesheets().add(DialogStyles.STYLESHEET);
        root.setPadding(new Insets(4));
        root.getChildren().addAll(header(), filters(), table(), pager());
        VBox.setVgrow(table, Priority.ALWAYS);
    }

    private Node header() {
        Label title = new Label("Credentials");
        title.getStyleClass().add("section-title");
        Button create = button("New…", "new-credentials", this::openNewEditor);
        Button edit = button("Edit…", "edit-credentials", this::openEditor);
        edit.disableProperty().bind(model.selectedProperty().isNull());
        Button password = button("Change password…", "change-password", this::openPasswordChange);
        password.disableProperty().bind(model.canChangePasswordProperty().not());
        Button delete = button("Delete", "delete-credentials", this::deleteSelected);
        delete.disableProperty().bind(model.selectedProperty().isNull());
        Button importCsv = button("Import CSV…", "import-csv", this::openImport);
        Button refresh = button("Refresh", "refresh-credentials", model::reload);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(8, title, spacer, create, edit, password, delete, importCsv, refresh);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private static Button button(String text, String id, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.setOnAction(event -> action.run());
        return button;
    }

    private Node filters() {
        ChoiceBox<CredentialsType> type = new ChoiceBox<>();
        type.setId("type-filter");
        type.getItems().add(null);
        type.getItems().addAll(CredentialsType.values());
        type.setConverter(new StringConverter<>() {
            @Override
            public String toString(CredentialsType value) {
                return value == null ? "All types" : value.name();
            }

            @Override
            public CredentialsType fromString(String text) {
                return null;
            }
        });
        type.valueProperty().bindBidirectional(model.typeProperty());

        TextField search = new TextField(model.searchProperty().get());
        search.setId("search");
        search.setPromptText("Search name, client id or user name");
        search.setPrefWidth(280);
        // Typing waits for a pause before it asks the broker; Enter asks at once.
        searchDelay.setOnFinished(event -> model.searchProperty().set(search.getText()));
        search.textProperty().addListener((obs, old, now) -> searchDelay.playFromStart());
        search.setOnAction(event -> {
            searchDelay.stop();
            model.searchProperty().set(search.getText());
        });

        Label status = new Label();
        status.setId("credentials-status");
        status.getStyleClass().add("ok-text");
        status.textProperty().bind(model.statusProperty());
        Label error = new Label();
        error.setId("credentials-error");
        error.getStyleClass().add("error-text");
        Styles.wrap(error);
        error.textProperty().bind(model.errorProperty());
        HBox filters = new HBox(8, new Label("Type"), type, search, status, error);
        filters.setAlignment(Pos.CENTER_LEFT);
        return filters;
    }

    private Node table() {
        table.setId("credentials-table");
        table.setItems(model.items());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Name", "column-name", 150, Credentials::name));
        table.getColumns().add(column("Type", "column-type", 90, c -> c.credentialsType().name()));
        table.getColumns().add(column("Client type", "column-client-type", 90,
                c -> c.clientType() == null ? "" : c.clientType().name()));
        table.getColumns().add(column("Client id", "column-client-id", 100, Credentials::clientId));
        table.getColumns().add(column("User name", "column-user-name", 100, Credentials::userName));
        table.getColumns().add(column("Certificate CN", "column-cert-cn", 110, Credentials::certCommonName));
        table.getColumns().add(column("Password", "column-password", 70, CredentialsView::passwordText));
        table.getColumns().add(column("Updated", "column-updated", 140, c -> CredentialsViewModel.localTime(c.updatedAt())));
        Label placeholder = new Label();
        placeholder.getStyleClass().add("muted");
        placeholder.textProperty().bind(Bindings.when(model.typeProperty().isNull().and(model.searchProperty().isEmpty()))
                .then("No credentials yet: create some with New…, or import a CSV file.")
                .otherwise("No credentials match the filter."));
        table.setPlaceholder(placeholder);

        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> model.selectedProperty().set(row));
        model.selectedProperty().addListener((obs, old, chosen) -> {
            if (chosen != null && table.getSelectionModel().getSelectedItem() != chosen) {
                table.getSelectionModel().select(chosen);
                table.scrollTo(chosen);
            }
        });
        table.setRowFactory(view -> {
            TableRow<Credentials> row = new TableRow<>();
            row.setOnMouseClicked(event -> {
                if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2 && !row.isEmpty()) {
                    openEditor();
                }
            });
            return row;
        });
        table.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ENTER && model.selectedProperty().get() != null) {
                event.consume();
                openEditor();
            } else if (event.getCode() == KeyCode.DELETE && model.selectedProperty().get() != null) {
                event.consume();
                deleteSelected();
            }
        });
        return table;
    }

    /** X_509 credentials have no password at all; the others have one set, or ask for none. */
    private static String passwordText(Credentials credentials) {
        return credentials.credentialsType() == CredentialsType.X_509 ? "–" : credentials.passwordSet() ? "set" : "none";
    }

    private static TableColumn<Credentials, String> column(String title, String id, double width,
                                                           Function<Credentials, String> value) {
        TableColumn<Credentials, String> column = new TableColumn<>(title);
        column.setId(id);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> constant(value.apply(cell.getValue())));
        return column;
    }

    private static ObservableValue<String> constant(String value) {
        return new ReadOnlyObjectWrapper<>(value == null ? "" : value);
    }

    private Node pager() {
        Button previous = button("◀ Previous", "page-previous", model::previousPage);
        previous.disableProperty().bind(model.position().hasPreviousProperty().not());
        Button next = button("Next ▶", "page-next", model::nextPage);
        next.disableProperty().bind(model.position().hasNextProperty().not());
        Label where = new Label();
        where.setId("page-text");
        where.textProperty().bind(model.pageTextProperty());
        ChoiceBox<Integer> size = new ChoiceBox<>();
        size.setId("page-size");
        size.getItems().setAll(CredentialsViewModel.PAGE_SIZES);
        size.setValue(model.pageSizeProperty().get());
        size.valueProperty().addListener((obs, old, chosen) -> {
            if (chosen != null) {
                model.pageSizeProperty().set(chosen);
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox pager = new HBox(8, previous, where, next, spacer, new Label("Rows per page"), size);
        pager.setAlignment(Pos.CENTER_LEFT);
        return pager;
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private void openNewEditor() {
        new CredentialsEditorDialog(model.newEditor(), window()).show();
    }

    private void openEditor() {
        Credentials chosen = model.selectedProperty().get();
        if (chosen != null) {
            new CredentialsEditorDialog(model.editorFor(chosen), window()).show();
        }
    }

    private void openPasswordChange() {
        Credentials chosen = model.selectedProperty().get();
        if (chosen != null && chosen.credentialsType() != CredentialsType.X_509) {
            new PasswordChangeDialog(model.passwordChangeFor(chosen), window()).show();
        }
    }

    private void deleteSelected() {
        Credentials chosen = model.selectedProperty().get();
        if (chosen != null && Dialogs.confirm(root, "Delete '" + chosen.name() + "'",
                "Delete the credentials '" + chosen.name() + "'? Clients that use them can no longer connect.",
                "Delete credentials")) {
            model.delete(chosen);
        }
    }

    private void openImport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import credentials from a CSV file");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("CSV files", "*.csv"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        File file = chooser.showOpenDialog(window());
        if (file != null) {
            importFile(file.toPath());
        }
    }

    /** Reads and checks {@code file}, and shows what it holds with the offer to import it (what the file chooser leads to). */
    void importFile(Path file) {
        CsvImportModel importer = model.csvImport();
        importer.loadFile(file);
        new CsvImportDialog(importer, window()).show();
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public void shown() {
        model.reload();
    }

    @Override
    public void dispose() {
        searchDelay.stop();
    }
}
