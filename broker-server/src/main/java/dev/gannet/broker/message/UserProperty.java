package dev.gannet.broker.message;

import java.util.Objects;

/** An MQTT 5 user property: a name/value pair; a list of them keeps order and duplicates. */
public record UserProperty(String name, String value) {

    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
