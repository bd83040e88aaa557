package dev.gannet.model.api;

import java.util.Map;

/**
 * Throughput and state now: for all nodes together and for each node by id. This is also what the
 * live stream pushes every second as its {@code stats} event.
 */
public record StatsSnapshot(Figures total, Map<String, Figures> nodes) {

    public StatsSnapshot {
        nodes = Map.copyOf(nodes);
    }
}
