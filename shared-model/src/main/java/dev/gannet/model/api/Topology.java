package dev.gannet.model.api;

import java.util.List;

/**
 * The nodes that make up the broker.
 *
 * @param mode "embedded" for one node on its own store, "cluster" for nodes sharing Kafka, Redis and PostgreSQL
 */
public record Topology(String mode, List<NodeInfo> nodes) {

    public Topology {
        nodes = List.copyOf(nodes);
    }
}
