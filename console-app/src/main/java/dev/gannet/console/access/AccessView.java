package dev.gannet.console.access;

import dev.gannet.console.common.ConsoleView;
import dev.gannet.console.common.Dialogs;
import dev.gannet.console.common.Labels;
import dev.gannet.model.api.BlockType;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Control;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import static dev.gannet.console.common.Tables.column;


/**
 * Two tabs: "Blocked clients" (the blocks, a form to add one, removing the selected one after
 * confirming) and "Unauthorized clients" (refused CONNECTs, reloaded whenever the tab is chosen).
 */
public final class AccessView implements ConsoleView {

    private final AccessViewModel model;
    private final TabPane root = new TabPane();
    private final TableView<BlockRow> blocks = new TableView<>();

    public AccessView(AccessViewModel model) {
        this.model = model;
        Tab blocked = new Tab("Blocked clients", blockedTab());
        blocked.setId("blocked-tab");
        Tab refused = new Tab("Unauthorized clients", unauthorizedTab());
        refused.setId("unauthorized-tab");
        root.getTabs().addAll(blocked, refused);
        root.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        root.setId("access-tabs");
        root.getSelectionModel().selectedItemProperty().addListener((obs, old, tab) -> {
            if (tab == refused) {
                model.refreshUnauthorized();
            }
        });
    }

    // ---- blocked clients ---------------------------------------------------------------------

    private Node blockedTab() {
        blocks.setId("blocked-table");
        blocks.setItems(model.blocks());
        blocks.setPlaceholder(new Label("No client is blocked."));
        blocks.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        blocks.getColumns().add(column("Type", 120, BlockRow::type));
        blocks.getColumns().add(column("Pattern", 200, BlockRow::pattern));
        blocks.getColumns().add(column("Matched against", 120, BlockRow::target));
        blocks.getColumns().add(column("Description", 200, BlockRow::description));
        blocks.getColumns().add(column("Expires", 140, BlockRow::expiresAt));
        blocks.getColumns().add(column("Expired", 70, BlockRow::expired));
        blocks.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.DELETE) {
                confirmRemove();
            }
        });

        Button remove = new Button("Remove");
        remove.setId("block-remove");
        remove.disableProperty().bind(blocks.getSelectionModel().selectedItemProperty().isNull()
                .or(model.changingBlocksProperty()));
        remove.setOnAction(event -> confirmRemove());
        Label status = new Label();
        status.setId("blocked-status");
        status.getStyleClass().add("ok-text");
        status.textProperty().bind(model.blocksStatusProperty());
        Label error = Labels.error("blocked-error");
        error.textProperty().bind(model.blocksErrorProperty());
        HBox actions = new HBox(10, remove, status, error);
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox tab = new VBox(10, addForm(), blocks, actions);
        VBox.setVgrow(blocks, Priority.ALWAYS);
        tab.setPadding(new Insets(10, 0, 0, 0));
        return tab;
    }

    private Node addForm() {
        BlockForm form = model.form();
        ChoiceBox<BlockType> type = new ChoiceBox<>();
        type.setId("block-type");
        type.getItems().setAll(BlockType.values());
        type.setConverter(labels());
        type.valueProperty().bindBidirectional(form.blockTypeProperty());

        TextField pattern = new TextField();
        pattern.setId("block-pattern");
        pattern.setPromptText("rogue-7, 10.0.0.13 or ^test-.*");
        pattern.textProperty().bindBidirectional(form.patternProperty());
        pattern.setOnAction(event -> model.add());
        markInvalid(pattern, form.invalid("pattern"));

        ChoiceBox<BlockType> target = new ChoiceBox<>();
        target.setId("block-target");
        target.getItems().setAll(BlockType.CLIENT_ID, BlockType.USERNAME, BlockType.IP_ADDRESS);
        target.setConverter(labels());
        target.valueProperty().bindBidirectional(form.regexTargetProperty());
        target.disableProperty().bind(form.regexTargetEnabledProperty().not());

        TextField description = new TextField();
        description.setId("block-description");
        description.setPromptText("why, for whoever reads this later");
        description.textProperty().bindBidirectional(form.descriptionProperty());
        description.setOnAction(event -> model.add());
        markInvalid(description, form.invalid("description"));

        HBox expires = expiryControls(form);

        Button add = new Button("Add block");
        add.setId("block-add");
        add.disableProperty().bind(model.canAddProperty().not());
        add.setOnAction(event -> model.add());
        Label problem = Labels.error("block-problem");
        problem.textProperty().bind(form.shownProblemProperty());

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Type"), type, new Label("Pattern"), pattern, new Label("Matched against"), target);
        grid.add(new Label("Description"), 0, 1);
        grid.add(description, 1, 1, 3, 1);
        grid.add(new Label("Expires"), 4, 1);
        grid.add(expires, 5, 1);
        grid.add(add, 0, 2, 2, 1);
        grid.add(problem, 2, 2, 4, 1);
        ColumnConstraints grow = new ColumnConstraints();
        grow.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(new ColumnConstraints(), new ColumnConstraints(), new ColumnConstraints(), grow);

        Label title = new Label("Block clients");
        title.getStyleClass().add("section-title");
        VBox card = new VBox(10, title, grid);
        card.getStyleClass().add("card");
        return card;
    }

    private static HBox expiryControls(BlockForm form) {
        ChoiceBox<Expiry> expiry = new ChoiceBox<>();
        expiry.setId("block-expiry");
        expiry.getItems().setAll(Expiry.values());
        expiry.valueProperty().bindBidirectional(form.expiryProperty());

        Spinner<Integer> hours = new Spinner<>();
        hours.setId("block-hours");
        hours.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, BlockForm.MAX_HOURS, 24));
        hours.getValueFactory().valueProperty().bindBidirectional(form.hoursProperty());
        hours.setEditable(true);
        // digits only: the spinner's converter would throw on other text and keep the old value unseen
        hours.getEditor().setTextFormatter(new javafx.scene.control.TextFormatter<>(change ->
                change.getControlNewText().matches("\\d{1,4}") ? change : null));
        hours.setPrefWidth(90);
        Label hoursUnit = new Label("hours");
        DatePicker until = new DatePicker();
        until.setId("block-until");
        until.valueProperty().bindBidirectional(form.untilDateProperty());
        until.setPrefWidth(140);
        markInvalid(until, form.invalid("expiresAt"));

        BooleanBinding inHours = form.expiryProperty().isEqualTo(Expiry.HOURS);
        BooleanBinding onDate = form.expiryProperty().isEqualTo(Expiry.DATE);
        for (Node node : new Node[] {hours, hoursUnit}) {
            node.visibleProperty().bind(inHours);
            node.managedProperty().bind(inHours);
        }
        until.visibleProperty().bind(onDate);
        until.managedProperty().bind(onDate);
        HBox box = new HBox(6, expiry, hours, hoursUnit, until);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private void confirmRemove() {
        BlockRow row = blocks.getSelectionModel().getSelectedItem();
        if (row == null || model.changingBlocksProperty().get()) {
            return;
        }
        if (Dialogs.confirm(root, "Remove block",
                "Remove the block on " + row.type().toLowerCase() + " '" + row.pattern() + "'? Matching clients can connect again.",
                "Remove block")) {
            model.remove(row);
        }
    }

    // ---- unauthorized clients ----------------------------------------------------------------

    private Node unauthorizedTab() {
        TableView<UnauthorizedRow> table = new TableView<>();
        table.setId("unauthorized-table");
        table.setItems(model.unauthorized());
        table.setPlaceholder(new Label("No CONNECT has been refused."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Client id", 150, UnauthorizedRow::clientId));
        table.getColumns().add(column("Address", 130, UnauthorizedRow::address));
        table.getColumns().add(column("User name", 110, UnauthorizedRow::username));
        table.getColumns().add(column("Password given", 120, UnauthorizedRow::passwordGiven));
        table.getColumns().add(column("Reason", 235, UnauthorizedRow::reason));
        table.getColumns().add(column("When", 140, UnauthorizedRow::when));

        Label status = new Label();
        status.setId("unauthorized-status");
        status.getStyleClass().add("muted");
        status.textProperty().bind(model.unauthorizedStatusProperty());
        Button refresh = new Button("Refresh");
        refresh.setId("unauthorized-refresh");
        refresh.setOnAction(event -> model.refreshUnauthorized());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(10, status, spacer, refresh);
        header.setAlignment(Pos.CENTER_LEFT);
        Label error = Labels.error("unauthorized-error");
        error.textProperty().bind(model.unauthorizedErrorProperty());

        Button previous = new Button("◀");
        previous.setId("unauthorized-previous");
        previous.disableProperty().bind(model.position().hasPreviousProperty().not());
        previous.setOnAction(event -> model.previousPage());
        Button next = new Button("▶");
        next.setId("unauthorized-next");
        next.disableProperty().bind(model.position().hasNextProperty().not());
        next.setOnAction(event -> model.nextPage());
        Label pageText = new Label();
        pageText.setId("unauthorized-page");
        pageText.textProperty().bind(model.pageTextProperty());
        HBox pager = new HBox(8, previous, pageText, next);
        pager.setAlignment(Pos.CENTER_RIGHT);

        VBox tab = new VBox(10, header, error, table, pager);
        VBox.setVgrow(table, Priority.ALWAYS);
        tab.setPadding(new Insets(10, 0, 0, 0));
        return tab;
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static void markInvalid(Control control, BooleanBinding invalid) {
        invalid.addListener((obs, was, now) -> {
            if (now) {
                control.getStyleClass().add("invalid");
            } else {
                control.getStyleClass().remove("invalid");
            }
        });
    }

    private static StringConverter<BlockType> labels() {
        return new StringConverter<>() {
            @Override
            public String toString(BlockType type) {
                return BlockTypes.label(type);
            }

            @Override
            public BlockType fromString(String text) {
                return null;
            }
        };
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
