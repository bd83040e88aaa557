package dev.gannet.console.settings;

import dev.gannet.console.common.ConsoleView;
import dev.gannet.console.common.Dialogs;
import dev.gannet.console.common.Labels;
import dev.gannet.model.api.ConfigEntry;
import javafx.beans.value.ObservableValue;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import static dev.gannet.console.common.Tables.column;


/**
 * Facts about the console and the broker, the administrators (add, delete), and the broker's
 * running configuration with a filter.
 */
public final class SettingsView implements ConsoleView {

    private final SettingsViewModel model;
    private final VBox root = new VBox(12);
    private final TableView<AdminRow> admins = new TableView<>();

    public SettingsView(SettingsViewModel model) {
        this.model = model;
        Label title = new Label("Settings & about");
        title.getStyleClass().add("section-title");
        Button refresh = new Button("Refresh");
        refresh.setId("settings-refresh");
        refresh.setOnAction(event -> model.refresh());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(10, title, spacer, refresh);
        header.setAlignment(Pos.CENTER_LEFT);

        Node about = aboutCard();
        Node administrators = adminsCard();
        HBox.setHgrow(administrators, Priority.ALWAYS);
        HBox cards = new HBox(12, about, administrators);

        Node configuration = configurationSection();
        VBox.setVgrow(configuration, Priority.ALWAYS);
        root.getChildren().addAll(header, cards, configuration);
        root.setPadding(new Insets(4));
        root.setId("settings");
    }

    private Node aboutCard() {
        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(5);
        int row = 0;
        facts.addRow(row++, muted("Console version"), value("about-console-version", model.consoleVersion()));
        facts.addRow(row++, muted("Broker version"), bound("about-broker-version", model.brokerVersionProperty()));
        facts.addRow(row++, muted("Node"), bound("about-node", model.nodeIdProperty()));
        facts.addRow(row++, muted("Mode"), bound("about-mode", model.modeProperty()));
        facts.addRow(row++, muted("Up for"), bound("about-uptime", model.uptimeProperty()));
        facts.addRow(row, muted("Management URL"), value("about-url", model.managementUrl()));
        Label title = new Label("About");
        title.getStyleClass().add("section-title");
        Label error = Labels.error("about-error");
        error.textProperty().bind(model.aboutErrorProperty());
        VBox card = new VBox(8, title, facts, error);
        card.getStyleClass().add("card");
        card.setMinWidth(Region.USE_PREF_SIZE); // the facts stay readable; the administrators' card gives way
        return card;
    }

    private Node adminsCard() {
        admins.setId("admins-table");
        admins.setItems(model.admins());
        admins.setPlaceholder(new Label("No administrators."));
        admins.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        admins.getColumns().add(column("User name", 220, AdminRow::username));
        admins.getColumns().add(column("Created", 140, AdminRow::created));
        admins.setPrefHeight(112);
        admins.setMinHeight(90);
        admins.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.DELETE) {
                confirmDelete();
            }
        });

        AdminForm form = model.adminForm();
        TextField name = new TextField();
        name.setId("admin-username");
        name.setPromptText("user name");
        name.textProperty().bindBidirectional(form.usernameProperty());
        name.setOnAction(event -> model.addAdmin());
        PasswordField password = new PasswordField();
        password.setId("admin-password");
        password.setPromptText("password, " + AdminForm.MIN_PASSWORD_LENGTH + "+ characters");
        password.textProperty().bindBidirectional(form.passwordProperty());
        password.setOnAction(event -> model.addAdmin());
        HBox.setHgrow(name, Priority.ALWAYS);
        HBox.setHgrow(password, Priority.ALWAYS);
        Button add = new Button("Add administrator");
        add.setId("admin-add");
        add.disableProperty().bind(model.canAddAdminProperty().not());
        add.setOnAction(event -> model.addAdmin());
        Button delete = new Button("Delete");
        delete.setId("admin-delete");
        delete.disableProperty().bind(admins.getSelectionModel().selectedItemProperty().isNull()
                .or(model.changingAdminsProperty()));
        delete.setOnAction(event -> confirmDelete());
        HBox addRow = new HBox(8, name, password, add, delete);
        addRow.setAlignment(Pos.CENTER_LEFT);

        Label problem = Labels.error("admin-problem");
        problem.textProperty().bind(form.shownProblemProperty());
        Label status = new Label();
        status.setId("admins-status");
        status.getStyleClass().add("ok-text");
        status.textProperty().bind(model.adminsStatusProperty());
        status.managedProperty().bind(status.textProperty().isNotEmpty());
        Label error = Labels.error("admins-error");
        error.textProperty().bind(model.adminsErrorProperty());

        Label title = new Label("Administrators");
        title.getStyleClass().add("section-title");
        VBox card = new VBox(8, title, admins, addRow, problem, myPasswordRow(), status, error);
        card.getStyleClass().add("card");
        return card;
    }

    /** The logged-in administrator's own password: typed twice. */
    private Node myPasswordRow() {
        Label who = new Label("My password");
        who.getStyleClass().add("muted");
        who.setMinWidth(Region.USE_PREF_SIZE);
        PasswordField password = new PasswordField();
        password.setId("my-password");
        password.setPromptText("new password");
        password.textProperty().bindBidirectional(model.myPasswordProperty());
        PasswordField again = new PasswordField();
        again.setId("my-password-again");
        again.setPromptText("the same again");
        again.textProperty().bindBidirectional(model.myPasswordAgainProperty());
        again.setOnAction(event -> model.changeMyPassword());
        Button change = new Button("Change");
        change.setId("my-password-change");
        change.setMinWidth(Region.USE_PREF_SIZE);
        if (model.me() != null) {
            change.setTooltip(new javafx.scene.control.Tooltip("Change the password of " + model.me()));
        }
        change.disableProperty().bind(model.canChangeMyPasswordProperty().not());
        change.setOnAction(event -> model.changeMyPassword());
        HBox.setHgrow(password, Priority.ALWAYS);
        HBox.setHgrow(again, Priority.ALWAYS);
        HBox row = new HBox(8, who, password, again, change);
        row.setAlignment(Pos.CENTER_LEFT);
        row.setDisable(model.me() == null);
        Label problem = Labels.error("my-password-problem");
        problem.textProperty().bind(model.myPasswordProblemProperty());
        return new VBox(4, row, problem);
    }

    private Node configurationSection() {
        TableView<ConfigEntry> table = new TableView<>();
        table.setId("config-table");
        SortedList<ConfigEntry> sorted = new SortedList<>(model.configuration());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setPlaceholder(new Label("No key matches the filter."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Key", 240, ConfigEntry::key));
        table.getColumns().add(column("Value", 240, ConfigEntry::value));
        table.getColumns().add(column("Environment variable", 310, ConfigEntry::environmentVariable));
        table.getColumns().add(column("Source", 80, ConfigEntry::source));

        Label title = new Label("Running configuration");
        title.getStyleClass().add("section-title");
        Label count = new Label();
        count.setId("config-count");
        count.getStyleClass().add("muted");
        count.textProperty().bind(model.configCountProperty());
        TextField filter = new TextField();
        filter.setId("config-filter");
        filter.setPromptText("filter: mqtt, port, GANNET_…");
        filter.setPrefColumnCount(22);
        filter.textProperty().bindBidirectional(model.configFilterProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(10, title, count, spacer, filter);
        header.setAlignment(Pos.CENTER_LEFT);
        Label error = Labels.error("config-error");
        error.textProperty().bind(model.configErrorProperty());

        VBox section = new VBox(8, header, error, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        return section;
    }

    private void confirmDelete() {
        AdminRow row = admins.getSelectionModel().getSelectedItem();
        if (row == null || model.changingAdminsProperty().get()) {
            return;
        }
        if (Dialogs.confirm(root, "Delete administrator",
                "Delete the administrator '" + row.username() + "'? They can no longer log in, and their logins end now.",
                "Delete administrator")) {
            model.deleteAdmin(row);
        }
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("muted");
        return label;
    }

    private static Label value(String id, String text) {
        Label label = new Label(text);
        label.setId(id);
        return label;
    }

    private static Label bound(String id, ObservableValue<String> text) {
        Label label = new Label();
        label.setId(id);
        label.textProperty().bind(text);
        return label;
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public void shown() {
        model.refresh();
    }
}
