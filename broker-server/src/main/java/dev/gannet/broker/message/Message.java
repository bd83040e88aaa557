package dev.gannet.broker.message;

import java.util.Objects;

/**
 * One published application message, as the broker keeps and routes it.
 *
 * <p>The payload is decoded from the network once and shared by every subscriber's queue
 * unchanged: outgoing packets wrap the same array, so fan-out costs no payload copies. Nothing
 * may write into it after construction.
 *
 * @param topic            the topic name it was published to
 * @param payload          the application payload, never null (may be empty)
 * @param qos              0, 1 or 2 as accepted
 * @param retain           the RETAIN flag as published
 * @param publisherId      the client id of the publisher (a will is published in its owner's name)
 * @param receivedAtMillis wall-clock time of arrival
 * @param expiresAtMillis  wall-clock time after which it must not be delivered (MQTT 5 message
 *                         expiry), or 0 for never
 * @param properties       the MQTT 5 properties passed through to subscribers
 */
public record Message(String topic, byte[] payload, int qos, boolean retain, String publisherId,
                      long receivedAtMillis, long expiresAtMillis, PublishProperties properties) {

    public Message {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
        }
        if (properties == null) {
            properties = PublishProperties.NONE;
        }
    }

    /** A message without MQTT 5 properties and without expiry (what an MQTT 3.1.1 client publishes). */
    public Message(String topic, byte[] payload, int qos, boolean retain, String publisherId, long receivedAtMillis) {
        this(topic, payload, qos, retain, publisherId, receivedAtMillis, 0, PublishProperties.NONE);
    }

    /** True when the message has an expiry and it has passed at {@code nowMillis}. */
    public boolean isExpired(long nowMillis) {
        return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
    }

    /**
     * The expiry interval to send on delivery, in whole seconds, rounded up so that a message
     * is never announced as already expired; -1 when the message does not expire.
     */
    public long remainingExpirySeconds(long nowMillis) {
        if (expiresAtMillis == 0) {
            return -1;
        }
        long remaining = expiresAtMillis - nowMillis;
        return remaining <= 0 ? 0 : (remaining + 999) / 1000;
    }

    /** The same message with another RETAIN flag and QoS (for will and retained copies). */
    public Message withQosAndRetain(int newQos, boolean newRetain) {
        return new Message(topic, payload, newQos, newRetain, publisherId, receivedAtMillis, expiresAtMillis, properties);
    }

    @Override
    public String toString() {
        // Payloads never go into logs above DEBUG: show the size only.
        return "Message[topic=" + topic + ", qos=" + qos + ", retain=" + retain + ", bytes=" + payload.length
                + ", publisher=" + publisherId + "]";
    }
}
