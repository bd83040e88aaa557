package dev.gannet.model.topic;

import java.util.ArrayList;
import java.util.List;

/**
 * The MQTT matching rules in their plainest form: one filter against one topic.
 *
 * <p>The broker matches through its topic tree; this is the reference it is tested against, and
 * what the console and scripts use to preview which topics a filter selects.
 */
public final class Topics {

    private Topics() {
    }

    /** Splits on '/', keeping empty levels: "/a" has levels "" and "a". */
    public static List<String> levels(String topicOrFilter) {
        List<String> levels = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= topicOrFilter.length(); i++) {
            if (i == topicOrFilter.length() || topicOrFilter.charAt(i) == '/') {
                levels.add(topicOrFilter.substring(start, i));
                start = i + 1;
            }
        }
        return levels;
    }

    /**
     * True when {@code topic} matches {@code filter} (an unshared, valid filter).
     * A topic starting with '$' is not matched by a filter starting with a wildcard.
     */
    public static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        List<String> f = levels(filter);
        List<String> t = levels(topic);
        for (int i = 0; i < f.size(); i++) {
            String level = f.get(i);
            if (level.equals("#")) {
                return true; // also matches the parent level: "a/#" matches "a"
            }
            if (i >= t.size()) {
                return false;
            }
            if (!level.equals("+") && !level.equals(t.get(i))) {
                return false;
            }
        }
        return f.size() == t.size();
    }
}
