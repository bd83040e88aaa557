package dev.gannet.broker.mqtt;

import dev.gannet.broker.message.Message;

/**
 * The will a client left in CONNECT: a message to publish if the connection is lost without a
 * normal DISCONNECT, after {@code delaySeconds} (MQTT 5 will delay interval), expiring
 * {@code expirySeconds} after publication (-1: never).
 */
record Will(Message template, long delaySeconds, long expirySeconds) {

    /** The message to publish for a connection lost at {@code nowMillis}. */
    Message messageLostAt(long nowMillis) {
        long publishedAt = nowMillis + delaySeconds * 1000;
        long expiresAt = expirySeconds < 0 ? 0 : publishedAt + expirySeconds * 1000;
        Message t = template;
        return new Message(t.topic(), t.payload(), t.qos(), t.retain(), t.publisherId(), publishedAt, expiresAt, t.properties());
    }
}
