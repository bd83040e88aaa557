package dev.gannet.model.api;

import java.util.List;

/**
 * Figures over a time window, oldest first, for one node or for all nodes together.
 *
 * @param node          the node id, or null for all nodes together
 * @param stepSeconds   the time between two points; each point's rates average that step
 */
public record StatsHistory(String node, int stepSeconds, List<Figures> points) {

    public StatsHistory {
        points = List.copyOf(points);
    }
}
