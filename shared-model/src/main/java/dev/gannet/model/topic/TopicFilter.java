package dev.gannet.model.topic;

import java.util.List;

/**
 * A validated subscription filter, possibly shared ({@code $share/{group}/{filter}}).
 *
 * <p>{@code raw} is the string the client sent; {@code filter} is the part that is matched
 * against topic names (without the {@code $share/group/} prefix); {@code shareGroup} is the
 * group name for a shared subscription and null otherwise. Parse with {@link #parse(String)}:
 * once constructed, a filter cannot be invalid.
 */
public record TopicFilter(String raw, String filter, String shareGroup) {

    private static final String SHARE_PREFIX = "$share/";

    public TopicFilter {
        if (raw == null || filter == null) {
            throw new InvalidTopicException("a topic filter must not be null");
        }
        String problem = problemWithFilter(filter);
        if (problem != null) {
            throw new InvalidTopicException(problem);
        }
        if (shareGroup != null) {
            String groupProblem = problemWithShareGroup(shareGroup);
            if (groupProblem != null) {
                throw new InvalidTopicException(groupProblem);
            }
        }
        if (Utf8.encodedLength(raw) > TopicName.MAX_UTF8_BYTES) {
            throw new InvalidTopicException("a topic filter must be at most " + TopicName.MAX_UTF8_BYTES + " bytes in UTF-8");
        }
    }

    /**
     * Parses a filter as sent in SUBSCRIBE or UNSUBSCRIBE.
     *
     * @throws InvalidTopicException naming the broken rule
     */
    public static TopicFilter parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidTopicException("a topic filter must be at least one character long");
        }
        if (raw.startsWith(SHARE_PREFIX)) {
            int slash = raw.indexOf('/', SHARE_PREFIX.length());
            if (slash < 0) {
                throw new InvalidTopicException("a shared subscription needs the form $share/{group}/{filter}");
            }
            String group = raw.substring(SHARE_PREFIX.length(), slash);
            String filter = raw.substring(slash + 1);
            if (filter.isEmpty()) {
                throw new InvalidTopicException("a shared subscription needs a topic filter after $share/{group}/");
            }
            return new TopicFilter(raw, filter, group);
        }
        return new TopicFilter(raw, raw, null);
    }

    /** Null when {@code filter} follows the wildcard rules, else why it does not. */
    public static String problemWithFilter(String filter) {
        if (filter.isEmpty()) {
            return "a topic filter must be at least one character long";
        }
        int levelStart = 0;
        for (int i = 0; i <= filter.length(); i++) {
            if (i == filter.length() || filter.charAt(i) == '/') {
                String level = filter.substring(levelStart, i);
                if (level.length() > 1 && (level.indexOf('+') >= 0 || level.indexOf('#') >= 0)) {
                    return "a wildcard must occupy a whole level: '" + level + "'";
                }
                if (level.equals("#") && i != filter.length()) {
                    return "the multi-level wildcard '#' must be the last level";
                }
                levelStart = i + 1;
            } else if (filter.charAt(i) == '\u0000') {
                return "a topic filter must not contain the null character U+0000";
            }
        }
        return null;
    }

    private static String problemWithShareGroup(String group) {
        if (group.isEmpty()) {
            return "a shared subscription's group name must be at least one character long";
        }
        for (int i = 0; i < group.length(); i++) {
            char c = group.charAt(i);
            if (c == '+' || c == '#' || c == '/') {
                return "a shared subscription's group name must not contain '" + c + "'";
            }
        }
        return null;
    }

    public boolean isShared() {
        return shareGroup != null;
    }

    public boolean hasWildcards() {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
    }

    /** The filter's levels, split on '/'; empty levels are kept ("a//b" has three). */
    public List<String> levels() {
        return Topics.levels(filter);
    }

    /** True when a message published to {@code topic} matches this filter. */
    public boolean matches(String topic) {
        return Topics.matches(filter, topic);
    }

    @Override
    public String toString() {
        return raw;
    }
}
