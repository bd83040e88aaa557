package dev.gannet.console.topology;

import dev.gannet.console.common.ConsoleView;
import dev.gannet.model.api.Figures;
import dev.gannet.model.api.NodeInfo;
import dev.gannet.model.api.NodeStatus;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.time.Duration;

/** One card per node: status, address, version, uptime, listeners, and its load, live. */
public final class TopologyView implements ConsoleView {

    private final TopologyViewModel model;
    private final VBox root = new VBox(12);
    private final FlowPane cards = new FlowPane(12, 12);

    public TopologyView(TopologyViewModel model) {
        this.model = model;
        Label title = new Label();
        title.getStyleClass().add("section-title");
        title.textProperty().bind(model.modeProperty().map(mode -> mode.isEmpty() ? "Nodes"
                : "Nodes (" + (mode.equals("embedded") ? "one node on its embedded store" : mode) + ")"));
        Label error = new Label();
        error.getStyleClass().add("error-text");
        error.textProperty().bind(model.errorProperty());
        cards.setId("node-cards");
        model.nodes().addListener((ListChangeListener<TopologyViewModel.NodeRow>) change -> render());
        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        root.getChildren().addAll(title, error, scroll);
        root.setPadding(new Insets(4));
        root.setId("topology");
    }

    private void render() {
        cards.getChildren().setAll(model.nodes().stream().map(TopologyView::card).toList());
    }

    private static Node card(TopologyViewModel.NodeRow row) {
        NodeInfo node = row.node();
        Figures f = row.figures();
        Label name = new Label(node.id());
        name.getStyleClass().add("section-title");
        Label status = new Label(node.status().name());
        status.getStyleClass().add(node.status() == NodeStatus.ONLINE ? "status-online" : "status-offline");
        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(4);
        int r = 0;
        facts.addRow(r++, muted("Status"), status);
        facts.addRow(r++, muted("Address"), new Label(node.address()));
        facts.addRow(r++, muted("Version"), new Label(node.version()));
        facts.addRow(r++, muted("Up for"), new Label(uptime(node.uptimeMillis())));
        facts.addRow(r++, muted("Connections"), new Label(Integer.toString(f == null ? node.connections() : f.connections())));
        facts.addRow(r++, muted("Sessions"), new Label(Integer.toString(f == null ? node.sessions() : f.sessions())));
        if (f != null) {
            facts.addRow(r++, muted("Messages in"), new Label(String.format("%.0f/s", f.messagesInPerSecond())));
            facts.addRow(r++, muted("Messages out"), new Label(String.format("%.0f/s", f.messagesOutPerSecond())));
        }
        for (var listener : node.listeners().entrySet()) {
            facts.addRow(r++, muted(listener.getKey()), new Label(listener.getValue()));
        }
        VBox card = new VBox(8, name, facts);
        card.getStyleClass().addAll("card", "node-card");
        card.setId("node-" + node.id());
        return card;
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("muted");
        return label;
    }

    static String uptime(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toDays() > 0) {
            return d.toDays() + " d " + d.toHoursPart() + " h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public void shown() {
        model.refresh();
    }

    @Override
    public void dispose() {
        model.dispose();
    }
}
