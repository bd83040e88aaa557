package dev.gannet.broker.auth;

import dev.gannet.model.topic.TopicFilter;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What one authenticated client may publish and subscribe to: regular expressions matched against
 * the whole topic name, or the whole topic filter as the client wrote it (TBMQ's authorization rules).
 */
public record Permissions(List<Pattern> publish, List<Pattern> subscribe) {

    /** No restriction: anonymous quick-start clients and credentials without rules. */
    public static final Permissions ALL = new Permissions(List.of(Pattern.compile(".*")), List.of(Pattern.compile(".*")));

    public Permissions {
        publish = List.copyOf(publish);
        subscribe = List.copyOf(subscribe);
    }

    public boolean canPublish(String topic) {
        return anyMatches(publish, topic);
    }

    public boolean canSubscribe(TopicFilter filter) {
        return anyMatches(subscribe, filter.filter());
    }

    /**
     * The rule {@code .*} allows everything, without running the expression: it is the rule of
     * every client without restrictions, checked on each PUBLISH, and a matcher per PUBLISH was a
     * tenth of what the broker allocated. (As an expression it would refuse a topic with a line break.)
     */
    private static final String EVERYTHING = ".*";

    private static boolean anyMatches(List<Pattern> patterns, String value) {
        for (Pattern pattern : patterns) {
            if (pattern.pattern().equals(EVERYTHING) || pattern.matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }
}
