package dev.gannet.broker.management;

import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.metadata.MetadataDatabase;
import dev.gannet.broker.metrics.BrokerMetrics;
import dev.gannet.broker.retain.RetainedMessages;
import dev.gannet.broker.session.SessionRegistry;
import dev.gannet.broker.transport.Transport;

import java.util.Map;

/** What the management endpoint reads and changes in a running broker node. */
public interface ManagedBroker {

    BrokerConfig config();

    /** This node's id ("local" for an embedded broker). */
    String nodeId();

    /** "embedded" or "cluster". */
    String mode();

    /** Epoch milliseconds when this node started. */
    long startedAt();

    String version();

    /** The MQTT listeners that run, with their bound ports. */
    Map<Transport, Integer> listenerPorts();

    BrokerMetrics metrics();

    SessionRegistry sessions();

    RetainedMessages retained();

    /** Clears the retained message of {@code topic} in memory and in the store; false when there was none. */
    boolean removeRetained(String topic);

    MetadataDatabase metadata();

    /** Makes changed credentials take effect for the next CONNECT. */
    void refreshCredentials();

    /** Makes changed blocks take effect for the next CONNECT. */
    void refreshBlockedClients();

    /** The other nodes of the cluster, online or not; none for an embedded broker. */
    default java.util.List<dev.gannet.model.api.NodeInfo> peers() {
        return java.util.List.of();
    }
}
