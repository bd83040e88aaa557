package dev.gannet.console.retained;

import dev.gannet.console.common.ConsoleView;
import dev.gannet.console.common.Dialogs;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.function.Function;

/**
 * Retained messages: a topic filter, the matching messages a page at a time, the selected one's
 * payload in full below, and deleting the selected one (button or Delete key, after confirming).
 */
public final class RetainedView implements ConsoleView {

    private static final String STYLESHEET = RetainedView.class.getResource("retained.css").toExternalForm();

    private final RetainedViewModel model;
    private final VBox root = new VBox(10);
    private final TableView<RetainedRow> table = new TableView<>();

    public RetainedView(RetainedViewModel model) {
        this.model = model;
        root.getStylesheets().add(STYLESHEET);
        root.setPadding(new Insets(4));
        root.setId("retained");

        SplitPane split = new SplitPane(tablePart(), detailPart());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        VBox.setVgrow(split, Priority.ALWAYS);

        Label error = new Label();
        error.setId("retained-error");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());

        root.getChildren().addAll(header(), error, split);
    }

    private Node header() {
        Label title = new Label("Retained messages");
        title.getStyleClass().add("section-title");
        TextField filter = new TextField();
        filter.setId("retained-filter");
        filter.setPromptText("sensors/# or +/status");
        filter.setPrefColumnCount(22);
        filter.textProperty().bindBidirectional(model.filterProperty());
        filter.setOnAction(event -> model.search()); // Enter applies the filter
        model.filterInvalidProperty().addListener((obs, was, invalid) -> {
            if (invalid) {
                filter.getStyleClass().add("invalid");
            } else {
                filter.getStyleClass().remove("invalid");
            }
        });
        Button apply = new Button("Show");
        apply.setId("retained-apply");
        apply.setOnAction(event -> model.search());
        Label status = new Label();
        status.setId("retained-status");
        status.getStyleClass().add("muted");
        status.textProperty().bind(model.statusProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(10, title, spacer, new Label("Topic filter"), filter, apply);
        header.setAlignment(Pos.CENTER_LEFT);
        HBox statusLine = new HBox(status);
        return new VBox(4, header, statusLine);
    }

    private Node tablePart() {
        table.setId("retained-table");
        table.setItems(model.rows());
        table.setPlaceholder(new Label("No retained message matches this filter."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Topic", 160, 80, RetainedRow::topic));
        table.getColumns().add(column("QoS", 40, 40, RetainedRow::qos));
        table.getColumns().add(column("Bytes", 55, 50, RetainedRow::sizeBytes));
        table.getColumns().add(column("Payload", 170, 80, RetainedRow::preview));
        table.getColumns().add(column("Content type", 105, 90, RetainedRow::contentType));
        table.getColumns().add(column("Publisher", 95, 70, RetainedRow::publisher));
        table.getColumns().add(column("Received at", 155, 155, RetainedRow::receivedAt));
        table.getColumns().add(column("Expires at", 155, 155, RetainedRow::expiresAt));
        model.selectedProperty().bind(table.getSelectionModel().selectedItemProperty());
        table.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.DELETE) {
                confirmDelete();
            }
        });

        Button delete = new Button("Delete");
        delete.setId("retained-delete");
        delete.disableProperty().bind(model.selectedProperty().isNull().or(model.busyProperty()));
        delete.setOnAction(event -> confirmDelete());
        Button previous = new Button("◀");
        previous.setId("retained-previous");
        previous.disableProperty().bind(model.position().hasPreviousProperty().not());
        previous.setOnAction(event -> model.previousPage());
        Button next = new Button("▶");
        next.setId("retained-next");
        next.disableProperty().bind(model.position().hasNextProperty().not());
        next.setOnAction(event -> model.nextPage());
        Label pageText = new Label();
        pageText.setId("retained-page");
        pageText.textProperty().bind(model.pageTextProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox actions = new HBox(8, delete, spacer, previous, pageText, next);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.setPadding(new Insets(6, 0, 6, 0));

        VBox part = new VBox(table, actions);
        VBox.setVgrow(table, Priority.ALWAYS);
        return part;
    }

    private Node detailPart() {
        Label title = new Label();
        title.setId("retained-detail-title");
        title.getStyleClass().add("muted");
        title.textProperty().bind(model.detailTitleProperty());
        TextArea payload = new TextArea();
        payload.setId("retained-detail");
        payload.setEditable(false);
        payload.getStyleClass().add("payload-detail");
        payload.textProperty().bind(model.detailProperty());
        // text wraps; a hex dump keeps its columns
        payload.wrapTextProperty().bind(model.selectedProperty().map(row -> !row.binary()).orElse(true));
        VBox part = new VBox(6, title, payload);
        part.setPadding(new Insets(8, 0, 0, 0));
        VBox.setVgrow(payload, Priority.ALWAYS);
        return part;
    }

    private static <T> TableColumn<RetainedRow, T> column(String name, double width, double minWidth,
                                                          Function<RetainedRow, T> value) {
        TableColumn<RetainedRow, T> column = dev.gannet.console.common.Tables.column(name, width, value);
        column.setMinWidth(minWidth);
        column.setSortable(false); // rows come a page at a time, by topic: sorting one page would mislead
        return column;
    }

    private void confirmDelete() {
        RetainedRow row = model.selectedProperty().get();
        if (row == null || model.busyProperty().get()) {
            return;
        }
        if (Dialogs.confirm(root, "Delete retained message",
                "Delete the retained message on '" + row.topic() + "'? New subscribers will no longer receive it.",
                "Delete retained message")) {
            model.delete(row);
        }
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public void shown() {
        model.reload();
    }
}
