package dev.gannet.model.api;

import java.util.Map;

/**
 * One broker node.
 *
 * @param address    the host it runs on, as its listeners are bound
 * @param listeners  each MQTT listener's URL by transport (TCP, TLS, WS, WSS)
 * @param startedAt  epoch milliseconds
 * @param sessions   sessions held on this node, connected or not
 */
public record NodeInfo(String id, String address, String version, NodeStatus status, long startedAt, long uptimeMillis,
                       int connections, int sessions, Map<String, String> listeners) {

    public NodeInfo {
        listeners = Map.copyOf(listeners);
    }
}
