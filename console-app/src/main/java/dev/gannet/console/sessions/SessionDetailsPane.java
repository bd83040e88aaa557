package dev.gannet.console.sessions;

import dev.gannet.model.api.SessionDetails;
import dev.gannet.model.api.SessionInfo;
import dev.gannet.model.api.SubscriptionInfo;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.function.Function;

/**
 * The selected session in full: its fields, its message counters, its subscriptions with their
 * options, and the buttons that disconnect its client or remove it.
 */
final class SessionDetailsPane {

    private final SessionsViewModel model;
    private final StackPane root = new StackPane();

    /**
     * @param onDisconnect asks, then disconnects the selected client
     * @param onRemove     asks, then removes the selected session
     */
    SessionDetailsPane(SessionsViewModel model, Runnable onDisconnect, Runnable onRemove) {
        this.model = model;
        Label title = new Label();
        title.setId("details-title");
        title.getStyleClass().add("section-title");
        title.textProperty().bind(model.detailsProperty().map(d -> "Session of " + d.session().clientId()));

        Button disconnect = new Button("Disconnect");
        disconnect.setId("disconnect-session");
        disconnect.disableProperty().bind(model.canDisconnectProperty().not());
        disconnect.setOnAction(event -> onDisconnect.run());
        Button remove = new Button("Remove session");
        remove.setId("remove-session");
        remove.disableProperty().bind(model.canRemoveProperty().not());
        remove.setOnAction(event -> onRemove.run());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(8, title, spacer, disconnect, remove);
        header.setAlignment(Pos.CENTER_LEFT);

        Node subscriptions = subscriptions();
        VBox.setVgrow(subscriptions, Priority.ALWAYS);
        VBox shown = new VBox(8, header, facts(), subscriptions);
        shown.setPadding(new Insets(8, 4, 4, 4));
        shown.visibleProperty().bind(model.detailsProperty().isNotNull());

        Label note = new Label();
        note.setId("details-note");
        note.getStyleClass().add("muted");
        note.textProperty().bind(model.detailsNoteProperty());
        note.visibleProperty().bind(model.detailsProperty().isNull());

        root.getChildren().addAll(shown, note);
        root.setId("session-details");
        root.setMinHeight(0);
    }

    /** The session's fields in three columns of name and value: who, how it is kept, its load. */
    private Node facts() {
        List<List<Fact>> columns = List.of(
                List.of(fact("Client id", "detail-client-id", SessionInfo::clientId),
                        fact("Status", "detail-status", s -> SessionText.status(s.connected())),
                        fact("Protocol", "detail-protocol", s -> SessionText.protocol(s.protocolVersion())),
                        fact("Address", "detail-address", s -> SessionText.orNone(s.address())),
                        fact("User name", "detail-username", s -> SessionText.orNone(s.username()))),
                List.of(fact("Client type", "detail-type",
                                s -> s.clientType() == null ? SessionText.NONE : s.clientType().name()),
                        fact("Node", "detail-node", s -> SessionText.orNone(s.nodeId())),
                        fact("Connected at", "detail-connected-at", s -> SessionText.localTime(s.connectedAt())),
                        fact("Persistent", "detail-persistent", SessionText::persistence)),
                List.of(fact("Subscriptions", "detail-subscriptions", s -> Integer.toString(s.subscriptions())),
                        fact("Queued", "detail-queued", s -> Integer.toString(s.queued())),
                        fact("In-flight", "detail-inflight", s -> Integer.toString(s.inflight())),
                        new Fact("Messages received", "detail-received", d -> Long.toString(d.messagesReceived())),
                        new Fact("Messages sent", "detail-sent", d -> Long.toString(d.messagesSent()))));
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(4);
        for (int c = 0; c < columns.size(); c++) {
            List<Fact> column = columns.get(c);
            for (int row = 0; row < column.size(); row++) {
                Fact fact = column.get(row);
                Label value = new Label();
                value.setId(fact.id());
                value.getStyleClass().add("fact-value");
                value.textProperty().bind(model.detailsProperty().map(fact.text()));
                Label name = new Label(fact.name());
                name.getStyleClass().add("muted");
                // A wider gap before each column but the first.
                GridPane.setMargin(name, new Insets(0, 0, 0, c == 0 ? 0 : 24));
                grid.add(name, 2 * c, row);
                grid.add(value, 2 * c + 1, row);
            }
        }
        return grid;
    }

    /** One field of the session: its name, the id of its value label, and how to write it. */
    private record Fact(String name, String id, Function<SessionDetails, String> text) {
    }

    private static Fact fact(String name, String id, Function<SessionInfo, String> text) {
        return new Fact(name, id, details -> text.apply(details.session()));
    }

    private Node subscriptions() {
        TableView<SubscriptionInfo> table = new TableView<>(model.subscriptions());
        table.setId("subscriptions-table");
        table.getColumns().setAll(List.of(
                column("Topic filter", SubscriptionInfo::topicFilter, 230),
                column("QoS", s -> Integer.toString(s.qos()), 45),
                column("No local", s -> SessionText.yesNo(s.noLocal()), 70),
                column("Retain as published", s -> SessionText.yesNo(s.retainAsPublished()), 145),
                column("Retain handling", s -> SessionText.retainHandling(s.retainHandling()), 150),
                column("Subscription id", s -> SessionText.subscriptionIdentifier(s.subscriptionIdentifier()), 115),
                column("Share group", s -> SessionText.orNone(s.shareGroup()), 110)));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No subscriptions."));
        Label title = new Label("Subscriptions");
        title.getStyleClass().add("muted");
        VBox box = new VBox(4, title, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        return box;
    }

    private static TableColumn<SubscriptionInfo, String> column(String title, Function<SubscriptionInfo, String> value,
                                                                double width) {
        TableColumn<SubscriptionInfo, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    Node root() {
        return root;
    }
}
