package dev.gannet.broker.session;

import dev.gannet.broker.message.Message;

import java.util.List;

/**
 * One message on its way to one session.
 *
 * @param message                 the shared message (its payload is never copied per subscriber)
 * @param qos                     the QoS it is delivered at: the lower of the published QoS and the granted QoS
 * @param retain                  the RETAIN flag of the outgoing PUBLISH
 * @param subscriptionIdentifiers MQTT 5: the identifiers of every matching subscription that has one
 * @param entryId                 the id of the stored copy in the session's durable queue, or 0 when not stored
 */
public record Delivery(Message message, int qos, boolean retain, List<Integer> subscriptionIdentifiers, long entryId) {

    public Delivery {
        subscriptionIdentifiers = subscriptionIdentifiers == null ? List.of() : List.copyOf(subscriptionIdentifiers);
    }

    public Delivery(Message message, int qos, boolean retain, List<Integer> subscriptionIdentifiers) {
        this(message, qos, retain, subscriptionIdentifiers, 0);
    }

    public Delivery(Message message, int qos, boolean retain) {
        this(message, qos, retain, List.of(), 0);
    }

    public boolean isStored() {
        return entryId != 0;
    }
}
