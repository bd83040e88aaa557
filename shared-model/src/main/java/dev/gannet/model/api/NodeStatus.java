package dev.gannet.model.api;

/** Whether a node of the cluster is serving clients. */
public enum NodeStatus {
    /** Running and accepting connections. */
    ONLINE,
    /** Known to the cluster but not answering. */
    OFFLINE
}
