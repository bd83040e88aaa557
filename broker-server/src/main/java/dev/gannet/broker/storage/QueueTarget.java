package dev.gannet.broker.storage;

import java.util.List;

/**
 * One client a message is queued for.
 *
 * @param entryId                 from {@link MessageQueueStore#newEntryId()}: names this copy in later calls
 * @param qos                     the QoS it will be delivered at
 * @param retain                  the RETAIN flag it will be delivered with
 * @param subscriptionIdentifiers MQTT 5 subscription identifiers to send with it
 */
public record QueueTarget(String clientId, long entryId, int qos, boolean retain, List<Integer> subscriptionIdentifiers) {

    public QueueTarget {
        subscriptionIdentifiers = List.copyOf(subscriptionIdentifiers);
    }
}
