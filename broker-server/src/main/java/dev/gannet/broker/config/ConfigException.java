package dev.gannet.broker.config;

/** A configuration problem found at start-up; the message names the key and its environment variable. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
