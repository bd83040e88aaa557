package dev.gannet.broker.storage.cluster;

import java.nio.charset.StandardCharsets;

/**
 * The Redis keys of one client's queue: {@code <prefix>:{<client id>}:q}, {@code :seq}, {@code :m},
 * {@code :s}, {@code :in}, {@code :owner}, and for an application client whose messages wait in Kafka
 * ({@link KafkaApplicationQueueStore}) {@code :app-marks}, {@code :app-done} and {@code :app-committed},
 * in that order, which is the order the scripts name them ({@code KEYS[1]} to {@code KEYS[9]}). A
 * client's keys are passed to every script together, so that they all expire together and one
 * {@code DEL} removes the client whatever kind it is.
 *
 * <p>Every key of a client carries the same hash tag, so Redis Cluster keeps them in one slot and a
 * script may touch them all. Redis hashes the text between the <em>first</em> '{' and the first '}'
 * after it, when that text is not empty. The prefix may hold no brace, so the first '{' is ours. A
 * client id may hold braces (MQTT allows any UTF-8): a '{' inside it does not matter, but a '}' would
 * end the tag early, and an id starting with '}' (or an empty one) would give an empty tag, which
 * makes Redis hash each whole key, scattering the client's keys over slots. So the id is escaped
 * inside the tag: '%' becomes {@code %25} and '}' becomes {@code %7D} (one-to-one, so two ids never
 * share keys), and the empty id becomes a lone {@code %}, which no escaped id can be.
 */
final class ClientKeys {

    /** How many keys each client has. */
    static final int COUNT = 9;
    /** Where the set of inbound QoS 2 packet ids is in {@link #of}'s answer. */
    static final int INBOUND = 4;

    /** Where the owning node's id is in {@link #of}'s answer. */
    static final int OWNER = 5;
    /** Where the application client's committed offset is in {@link #of}'s answer. */
    static final int APP_COMMITTED = 8;

    private static final String[] SUFFIXES = {":q", ":seq", ":m", ":s", ":in", ":owner",
            ":app-marks", ":app-done", ":app-committed"};

    private ClientKeys() {
    }

    /** The client's keys, in the order of {@link #SUFFIXES}. */
    static byte[][] of(String prefix, String clientId) {
        String base = prefix + ":{" + tag(clientId) + "}";
        byte[][] keys = new byte[COUNT][];
        for (int i = 0; i < COUNT; i++) {
            keys[i] = (base + SUFFIXES[i]).getBytes(StandardCharsets.UTF_8);
        }
        return keys;
    }

    /** The client id as it appears between the braces: never empty, never holding '}'. */
    static String tag(String clientId) {
        if (clientId.isEmpty()) {
            return "%";
        }
        if (clientId.indexOf('%') < 0 && clientId.indexOf('}') < 0) {
            return clientId;
        }
        StringBuilder out = new StringBuilder(clientId.length() + 8);
        for (int i = 0; i < clientId.length(); i++) {
            char c = clientId.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case '}' -> out.append("%7D");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Rejects a prefix that would move the hash tag. */
    static String checkPrefix(String prefix) {
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("The Redis key prefix may not contain '{' or '}' (they would change"
                    + " which part of a key Redis Cluster hashes): " + prefix);
        }
        return prefix;
    }
}
