package dev.gannet.model.topic;

/**
 * A topic name a message is published to: at least one character, no wildcards, no U+0000,
 * at most 65535 UTF-8 bytes (MQTT 3.1.1 section 4.7, MQTT 5 section 4.7).
 */
public record TopicName(String value) {

    /** The longest string MQTT can encode: a two-byte length prefix. */
    public static final int MAX_UTF8_BYTES = 65_535;

    public TopicName {
        String problem = problemWith(value);
        if (problem != null) {
            throw new InvalidTopicException(problem);
        }
    }

    public static TopicName of(String value) {
        return new TopicName(value);
    }

    /** Null when {@code value} is a valid topic name, else why it is not. */
    public static String problemWith(String value) {
        if (value == null || value.isEmpty()) {
            return "a topic name must be at least one character long";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '+' || c == '#') {
                return "a topic name must not contain the wildcard '" + c + "'";
            }
            if (c == '\u0000') {
                return "a topic name must not contain the null character U+0000";
            }
        }
        if (Utf8.encodedLength(value) > MAX_UTF8_BYTES) {
            return "a topic name must be at most " + MAX_UTF8_BYTES + " bytes in UTF-8";
        }
        return null;
    }

    /** True when the first level starts with '$': such topics are not matched by a leading wildcard. */
    public boolean isSystemTopic() {
        return value.charAt(0) == '$';
    }

    @Override
    public String toString() {
        return value;
    }
}
