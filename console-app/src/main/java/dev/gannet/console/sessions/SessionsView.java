package dev.gannet.console.sessions;

import dev.gannet.console.common.ConsoleView;
import dev.gannet.console.common.Dialogs;
import dev.gannet.model.api.SessionInfo;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;

import java.util.List;
import java.util.function.Function;

/**
 * The client sessions: a table of one page of sessions (filtered, sorted and paged by the broker),
 * filters above it, and the selected session in full below it, with Disconnect and Remove.
 * Reloads every five seconds while shown, unless the operator turns that off.
 */
public final class SessionsView implements ConsoleView {

    /** The typing pauses of the text filters. */
    private final java.util.List<PauseTransition> typingPauses = new java.util.ArrayList<>();

    /** A pause in typing this long applies a text filter. */
    static final Duration TYPING_PAUSE = Duration.millis(300);
    static final Duration AUTO_REFRESH_EVERY = Duration.seconds(5);

    private final SessionsViewModel model;
    private final VBox root = new VBox(8);
    /** The table's rows: a copy of the model's page, so that replacing them can keep the selection. */
    private final ObservableList<SessionInfo> rows = FXCollections.observableArrayList();
    private final TableView<SessionInfo> table = new TableView<>(rows);
    private final Timeline autoRefresh = new Timeline(new KeyFrame(AUTO_REFRESH_EVERY, event -> refreshIfIdle()));
    /** True while the rows are replaced: the selection changes then are not the operator's. */
    private boolean replacingRows;
    private boolean disposed;

    public SessionsView(SessionsViewModel model) {
        this.model = model;
        autoRefresh.setCycleCount(Animation.INDEFINITE);

        Label error = new Label();
        error.setId("sessions-error");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());

        SessionDetailsPane details = new SessionDetailsPane(model, this::confirmDisconnect, this::confirmRemove);
        SplitPane split = new SplitPane(tableWithPaging(), details.root());
        split.setId("sessions-split");
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        VBox.setVgrow(split, Priority.ALWAYS);

        root.getChildren().addAll(header(), filters(), error, split);
        root.setPadding(new Insets(4));
        root.setId("sessions");
        root.getStylesheets().add(SessionsView.class.getResource("sessions.css").toExternalForm());
        // Auto-refresh runs only while this view is on screen: the main window takes it out of the
        // scene when another page is shown.
        root.sceneProperty().addListener((obs, old, scene) -> updateAutoRefresh());
        model.autoRefreshProperty().addListener((obs, old, on) -> updateAutoRefresh());
    }

    private Node header() {
        Label title = new Label("Client sessions");
        title.getStyleClass().add("section-title");
        Button refresh = new Button("Refresh");
        refresh.setId("refresh-sessions");
        refresh.setOnAction(event -> model.refresh());
        ToggleButton auto = new ToggleButton("Auto-refresh every 5 s");
        auto.setId("auto-refresh");
        auto.selectedProperty().bindBidirectional(model.autoRefreshProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(10, title, spacer, refresh, auto);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private Node filters() {
        ChoiceBox<StatusFilter> status = new ChoiceBox<>(FXCollections.observableArrayList(StatusFilter.values()));
        status.setId("status-filter");
        status.valueProperty().bindBidirectional(model.statusFilterProperty());
        ChoiceBox<TypeFilter> type = new ChoiceBox<>(FXCollections.observableArrayList(TypeFilter.values()));
        type.setId("type-filter");
        type.valueProperty().bindBidirectional(model.typeFilterProperty());
        ChoiceBox<String> node = new ChoiceBox<>(model.nodeIds());
        node.setId("node-filter");
        node.setConverter(new StringConverter<>() {
            @Override
            public String toString(String id) {
                return id == null || id.isEmpty() ? "all" : id;
            }

            @Override
            public String fromString(String text) {
                return text;
            }
        });
        node.valueProperty().bindBidirectional(model.nodeFilterProperty());
        TextField clientId = typedFilter("client-id-filter", "client id contains…", model.clientIdFilterProperty());
        TextField address = typedFilter("address-filter", "address contains…", model.addressFilterProperty());
        HBox.setHgrow(clientId, Priority.ALWAYS);
        HBox.setHgrow(address, Priority.ALWAYS);
        HBox filters = new HBox(8, muted("Status"), status, muted("Type"), type, muted("Node"), node, clientId, address);
        filters.setAlignment(Pos.CENTER_LEFT);
        return filters;
    }

    /**
     * A text filter applied after a pause in typing, so that typing a client id asks the broker
     * once rather than once a key; Enter applies it at once.
     */
    private TextField typedFilter(String id, String prompt, StringProperty filter) {
        TextField field = new TextField(filter.get());
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(14);
        PauseTransition pause = new PauseTransition(TYPING_PAUSE);
        typingPauses.add(pause); // stopped by dispose(): no filter may fire after logout
        pause.setOnFinished(event -> filter.set(field.getText()));
        field.textProperty().addListener((obs, old, text) -> pause.playFromStart());
        field.setOnAction(event -> {
            pause.stop();
            filter.set(field.getText());
        });
        return field;
    }

    private Node tableWithPaging() {
        // Widths that fit the window's smallest size; the last column takes what is left.
        table.getColumns().setAll(List.of(
                textColumn("Client id", SessionInfo::clientId, SessionSort.CLIENT_ID, 135),
                statusColumn(),
                textColumn("Address", s -> SessionText.orNone(s.address()), SessionSort.ADDRESS, 112),
                textColumn("Protocol", s -> SessionText.protocol(s.protocolVersion()), null, 66),
                textColumn("Type", s -> s.clientType() == null ? SessionText.NONE : s.clientType().name(),
                        SessionSort.CLIENT_TYPE, 90),
                textColumn("Node", SessionInfo::nodeId, SessionSort.NODE_ID, 50),
                numberColumn("Subscriptions", SessionInfo::subscriptions, SessionSort.SUBSCRIPTIONS, 104),
                numberColumn("Queued", SessionInfo::queued, SessionSort.QUEUED, 65),
                numberColumn("In-flight", SessionInfo::inflight, SessionSort.INFLIGHT, 65),
                textColumn("Connected at", s -> SessionText.shortLocalTime(s.connectedAt()), SessionSort.CONNECTED_AT, 110)));
        table.setId("sessions-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.when(model.loadingProperty()).then("Loading…")
                .otherwise("No session matches these filters."));
        table.setPlaceholder(placeholder);
        // The broker sorts: a click on a header asks it for that order, and the rows stay as it sends them.
        table.setSortPolicy(sorted -> {
            if (sorted.getSortOrder().isEmpty()) {
                model.sortBy(SessionSort.CLIENT_ID, false);
            } else {
                TableColumn<SessionInfo, ?> column = sorted.getSortOrder().get(0);
                model.sortBy((SessionSort) column.getUserData(), column.getSortType() == TableColumn.SortType.DESCENDING);
            }
            return true;
        });
        table.getSortOrder().add(table.getColumns().get(0));

        model.sessions().addListener((ListChangeListener<SessionInfo>) change -> replaceRows());
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (row != null && !replacingRows) {
                model.select(row.clientId());
            }
        });
        table.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.DELETE) {
                confirmRemove();
                event.consume();
            }
        });

        Button previous = new Button("‹ Previous");
        previous.setId("previous-page");
        previous.disableProperty().bind(model.position().hasPreviousProperty().not());
        previous.setOnAction(event -> model.previousPage());
        Button next = new Button("Next ›");
        next.setId("next-page");
        next.disableProperty().bind(model.position().hasNextProperty().not());
        next.setOnAction(event -> model.nextPage());
        Label summary = new Label();
        summary.setId("page-summary");
        summary.textProperty().bind(model.pageSummaryProperty());
        HBox paging = new HBox(10, previous, summary, next);
        paging.setAlignment(Pos.CENTER);

        VBox box = new VBox(6, table, paging);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(0, 0, 6, 0));
        return box;
    }

    /** Shows the model's new page, keeping the selected session selected when it is on it. */
    private void replaceRows() {
        replacingRows = true;
        try {
            rows.setAll(model.sessions());
            String selected = model.selectedClientIdProperty().get();
            int index = -1;
            for (int i = 0; i < rows.size() && selected != null; i++) {
                if (rows.get(i).clientId().equals(selected)) {
                    index = i;
                    break;
                }
            }
            if (index >= 0) {
                table.getSelectionModel().clearAndSelect(index);
            } else {
                table.getSelectionModel().clearSelection();
            }
        } finally {
            replacingRows = false;
        }
    }

    private static TableColumn<SessionInfo, String> textColumn(String title, Function<SessionInfo, String> value,
                                                               SessionSort sort, double width) {
        TableColumn<SessionInfo, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        serverSorted(column, sort);
        column.setPrefWidth(width);
        return column;
    }

    private static TableColumn<SessionInfo, Number> numberColumn(String title, Function<SessionInfo, Number> value,
                                                                 SessionSort sort, double width) {
        TableColumn<SessionInfo, Number> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.getStyleClass().add("number-column");
        serverSorted(column, sort);
        column.setPrefWidth(width);
        return column;
    }

    /** A column the broker sorts by {@code sort}; with null, one it cannot sort, so no header click sorts it. */
    private static void serverSorted(TableColumn<SessionInfo, ?> column, SessionSort sort) {
        column.setUserData(sort);
        column.setSortable(sort != null);
    }

    private static TableColumn<SessionInfo, Boolean> statusColumn() {
        TableColumn<SessionInfo, Boolean> column = new TableColumn<>("Status");
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().connected()));
        column.setCellFactory(c -> new StatusCell());
        serverSorted(column, null);
        column.setPrefWidth(100);
        return column;
    }

    /** "● connected" in green, "○ offline" in red. */
    private static final class StatusCell extends TableCell<SessionInfo, Boolean> {
        @Override
        protected void updateItem(Boolean connected, boolean empty) {
            super.updateItem(connected, empty);
            getStyleClass().removeAll("status-online", "status-offline");
            if (empty || connected == null) {
                setText(null);
            } else {
                setText((connected ? "● " : "○ ") + SessionText.status(connected));
                getStyleClass().add(connected ? "status-online" : "status-offline");
            }
        }
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("muted");
        return label;
    }

    // ---- commands ----------------------------------------------------------------------------

    private void confirmDisconnect() {
        String clientId = model.selectedClientIdProperty().get();
        if (clientId != null && model.canDisconnectProperty().get()
                && Dialogs.confirm(root, "Disconnect client", "Disconnect '" + clientId + "'? Its connection is closed "
                        + "(MQTT 5 clients are told 0x98, administrative action); a persistent session stays and waits "
                        + "for the client to come back.", "Disconnect")) {
            model.disconnectSelected();
        }
    }

    private void confirmRemove() {
        String clientId = model.selectedClientIdProperty().get();
        if (clientId != null && model.canRemoveProperty().get()
                && Dialogs.confirm(root, "Remove session", "Remove the session of '" + clientId + "'? Its subscriptions "
                        + "and queued messages are deleted, and the client is disconnected if it is connected. "
                        + "This cannot be undone.", "Remove session")) {
            model.removeSelected();
        }
    }

    // ---- auto-refresh ------------------------------------------------------------------------

    private void updateAutoRefresh() {
        boolean run = !disposed && model.autoRefreshProperty().get() && root.getScene() != null;
        if (run && autoRefresh.getStatus() != Animation.Status.RUNNING) {
            autoRefresh.playFromStart();
        } else if (!run) {
            autoRefresh.stop();
        }
    }

    /**
     * A refresh in the middle of a command would show a state the command is about to change; one
     * while the last page is still on its way would make that answer stale before it arrives, and
     * a slow broker would then never show anything.
     */
    private void refreshIfIdle() {
        if (!model.busyProperty().get() && !model.loadingProperty().get()) {
            model.refresh();
        }
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public void shown() {
        model.loadNodes();
        model.refresh();
        updateAutoRefresh();
    }

    @Override
    public void dispose() {
        disposed = true;
        autoRefresh.stop();
        typingPauses.forEach(PauseTransition::stop);
        model.dispose();
    }
}
