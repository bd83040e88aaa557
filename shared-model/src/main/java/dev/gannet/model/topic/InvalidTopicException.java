package dev.gannet.model.topic;

/** A topic name or topic filter that breaks the MQTT rules; the message says which rule. */
public final class InvalidTopicException extends IllegalArgumentException {

    public InvalidTopicException(String message) {
        super(message);
    }
}
