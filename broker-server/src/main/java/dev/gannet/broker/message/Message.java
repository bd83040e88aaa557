package dev.gannet.broker.message;

import java.util.Objects;

/**
 * One published application message, as the broker keeps and routes it.
 *
 * <p>The payload is decoded from the network once and shared by every subscriber's queue
 * unchanged: outgoing packets wrap the same array, so fan-out costs no payload copies. Nothing
 * may write into it after construction.
 *
 * @param topic        the topic name it was published to
 * @param payload      the application payload, never null (may be empty)
 * @param qos          0, 1 or 2 as published
 * @param retain       the RETAIN flag as published
 * @param publisherId  the client id of the publisher (a will is published in its owner's name)
 * @param receivedAtMillis wall-clock time of arrival
 */
public record Message(String topic, byte[] payload, int qos, boolean retain, String publisherId, long receivedAtMillis) {

    public Message {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
        }
    }

    @Override
    public String toString() {
        // Payloads never go into logs above DEBUG: show the size only.
        return "Message[topic=" + topic + ", qos=" + qos + ", retain=" + retain + ", bytes=" + payload.length
                + ", publisher=" + publisherId + "]";
    }
}
