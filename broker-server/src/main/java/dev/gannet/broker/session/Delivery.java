package dev.gannet.broker.session;

import dev.gannet.broker.message.Message;

/**
 * One message on its way to one session.
 *
 * @param message the shared message (its payload is never copied per subscriber)
 * @param qos     the QoS it is delivered at: the lower of the published QoS and the granted QoS
 * @param retain  the RETAIN flag of the outgoing PUBLISH (set only when sent as a retained message on subscribe)
 */
public record Delivery(Message message, int qos, boolean retain) {
}
