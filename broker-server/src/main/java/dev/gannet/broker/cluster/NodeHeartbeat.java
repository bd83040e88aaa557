package dev.gannet.broker.cluster;

import java.util.Map;

/**
 * What a node tells the others about itself every second, on the {@code nodes} topic.
 *
 * @param address     the host its listeners are bound on
 * @param heartbeatAt epoch milliseconds of this heartbeat, by the sender's clock
 * @param listeners   each MQTT listener's URL by transport
 */
public record NodeHeartbeat(String nodeId, String address, String version, long startedAt, long heartbeatAt,
                            int connections, int sessions, Map<String, String> listeners) {

    public NodeHeartbeat {
        listeners = Map.copyOf(listeners);
    }
}
