package dev.gannet.console.topology;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.common.BrokerSession;
import dev.gannet.console.common.ErrorMessages;
import dev.gannet.model.api.Figures;
import dev.gannet.model.api.NodeInfo;
import dev.gannet.model.api.StatsSnapshot;
import dev.gannet.model.api.Topology;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The cluster's nodes as the live feed reports them: status, address, version, uptime, and each
 * node's load (connections, sessions, messages per second) from the figures every second. A node
 * that joins or leaves appears or disappears with the next topology event.
 */
public final class TopologyViewModel {

    /** One node with its latest figures (null until the first figures event). */
    public record NodeRow(NodeInfo node, Figures figures) {
    }

    private final BrokerSession session;
    private final BackgroundTasks tasks;
    private final ObservableList<NodeRow> nodes = FXCollections.observableArrayList();
    private final StringProperty mode = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final Map<String, Figures> latest = new HashMap<>();
    private final Consumer<Topology> topologyListener = this::apply;
    private final Consumer<StatsSnapshot> statsListener = this::apply;
    private boolean listening;

    public TopologyViewModel(BrokerSession session, BackgroundTasks tasks) {
        this.session = session;
        this.tasks = tasks;
    }

    /** Loads the topology now, then follows the live feed. */
    public void refresh() {
        tasks.run(() -> session.client().topology(), this::apply, failure -> error.set(ErrorMessages.of(failure)));
        if (!listening) {
            listening = true;
            session.live().onTopology(topologyListener);
            session.live().onStats(statsListener);
        }
    }

    private void apply(Topology topology) {
        error.set("");
        mode.set(topology.mode());
        nodes.setAll(topology.nodes().stream().map(n -> new NodeRow(n, latest.get(n.id()))).toList());
    }

    private void apply(StatsSnapshot stats) {
        latest.putAll(stats.nodes());
        // one change for all nodes: the view redraws its cards once per second, not once per node
        nodes.setAll(nodes.stream().map(row -> new NodeRow(row.node(),
                stats.nodes().getOrDefault(row.node().id(), row.figures()))).toList());
    }

    public void dispose() {
        session.live().removeTopology(topologyListener);
        session.live().removeStats(statsListener);
        listening = false;
    }

    public ObservableList<NodeRow> nodes() {
        return nodes;
    }

    /** "embedded" or "cluster". */
    public StringProperty modeProperty() {
        return mode;
    }

    public StringProperty errorProperty() {
        return error;
    }
}
