package dev.gannet.broker.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random topic names and valid filters over a small alphabet of levels, for property-based tests. */
public final class RandomTopics {

    private RandomTopics() {
    }

    private static final String[] LEVELS = {"a", "b", "", "$sys", "c"};

    public static String topic(Random random) {
        int depth = 1 + random.nextInt(4);
        List<String> levels = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            levels.add(LEVELS[random.nextInt(LEVELS.length)]);
        }
        String topic = String.join("/", levels);
        return topic.isEmpty() ? "a" : topic;
    }

    public static String filter(Random random) {
        int depth = 1 + random.nextInt(4);
        List<String> levels = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            int pick = random.nextInt(LEVELS.length + 2);
            if (pick == LEVELS.length) {
                levels.add("+");
            } else if (pick == LEVELS.length + 1) {
                levels.add("#");
                break;
            } else {
                levels.add(LEVELS[pick]);
            }
        }
        String filter = String.join("/", levels);
        return filter.isEmpty() ? "#" : filter;
    }
}
