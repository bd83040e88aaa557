package dev.gannet.broker.storage.cluster;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The Kafka topic of each application client: {@code <topic prefix>app.<encoded client id>}.
 *
 * <p>Kafka allows only {@code [a-zA-Z0-9._-]} in a topic name, at most {@value #MAX_LENGTH}
 * characters; an MQTT client id is any UTF-8 text. The encoding takes the id's UTF-8 bytes: ASCII
 * letters, digits and {@code '-'} stay as they are, every other byte becomes {@code '_'} and two
 * upper-case hex digits ({@code "plant/line 1"} gives {@code plant_2Fline_201}).
 *
 * <p><b>Why two client ids never share a topic.</b> The escape character {@code '_'} is itself
 * escaped, so in an encoded id every {@code '_'} starts an escape of exactly two hex digits: the
 * encoding can be read back byte by byte ({@link #decode}), so two different ids give two different
 * names. {@code '.'} is escaped too, although Kafka allows it: Kafka refuses to create a topic whose
 * name equals an existing one once every {@code '.'} is read as {@code '_'} (their metric names would
 * clash). With no {@code '.'} in any encoded id, two of these names can clash that way only if they
 * are equal, so creating one client's topic never fails because of another client's.
 *
 * <p><b>Long ids.</b> When the name would be too long, it becomes the prefix, as much of the encoded
 * id as fits (whole escapes only, for the reader), {@code "__"} and the SHA-256 of the id's bytes in
 * 64 lower-case hex digits. {@code "__"} never occurs in a plain name (there each {@code '_'} is
 * followed by two hex digits), so a hashed name never equals a plain one; two hashed names are equal
 * only if two ids have the same SHA-256, a collision nobody knows how to produce. (No scheme can do
 * better: there are far more client ids than names of 249 characters.) A hashed name cannot be read
 * back; the topic's records still say which entries it holds.
 */
final class ApplicationTopicNames {

    /** Kafka's limit on a topic name. */
    static final int MAX_LENGTH = 249;
    /** Between the prefix and the encoded id; the only names of Gannet that start so. */
    static final String INFIX = "app.";
    private static final String HASH_MARK = "__";
    private static final int HASH_HEX_LENGTH = 64;
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private final String prefix;

    /**
     * @param topicPrefix {@code cluster.kafka.topic-prefix}
     * @throws IllegalArgumentException when the prefix holds a character Kafka refuses in a topic
     *                                  name, or leaves no room for a hashed name
     */
    ApplicationTopicNames(String topicPrefix) {
        for (int i = 0; i < topicPrefix.length(); i++) {
            if (!isLegal(topicPrefix.charAt(i))) {
                throw new IllegalArgumentException("The Kafka topic prefix may hold only a-z, A-Z, 0-9, '.', '_' and '-': "
                        + topicPrefix);
            }
        }
        this.prefix = topicPrefix + INFIX;
        if (prefix.length() + HASH_MARK.length() + HASH_HEX_LENGTH > MAX_LENGTH) {
            throw new IllegalArgumentException("The Kafka topic prefix is too long for application topics ("
                    + topicPrefix.length() + " characters; at most " + (MAX_LENGTH - INFIX.length() - HASH_MARK.length()
                    - HASH_HEX_LENGTH) + "): " + topicPrefix);
        }
    }

    /** The topic of {@code clientId}. */
    String topic(String clientId) {
        String encoded = encode(clientId);
        if (prefix.length() + encoded.length() <= MAX_LENGTH) {
            return prefix + encoded;
        }
        int room = MAX_LENGTH - prefix.length() - HASH_MARK.length() - HASH_HEX_LENGTH;
        int cut = room;
        // Never cut inside an escape: "_4" followed by the mark would read as a broken escape.
        while (cut > 0 && (encoded.charAt(cut - 1) == '_' || (cut >= 2 && encoded.charAt(cut - 2) == '_'))) {
            cut--;
        }
        return prefix + encoded.substring(0, cut) + HASH_MARK + sha256(clientId);
    }

    /** The client id a name of {@link #topic} stands for; empty for a hashed name or a name not of this prefix. */
    Optional<String> decode(String topic) {
        if (!topic.startsWith(prefix) || topic.contains(HASH_MARK)) {
            return Optional.empty();
        }
        String encoded = topic.substring(prefix.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '_') {
                // Exactly what encode writes (upper case), so that each name has one reading.
                if (i + 2 >= encoded.length() || !isUpperHex(encoded.charAt(i + 1)) || !isUpperHex(encoded.charAt(i + 2))) {
                    return Optional.empty();
                }
                bytes.write(HexFormat.fromHexDigits(encoded, i + 1, i + 3));
                i += 2;
            } else if (isKept(c)) {
                bytes.write(c);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(bytes.toString(StandardCharsets.UTF_8));
    }

    /** The id with every byte but ASCII letters, digits and '-' escaped as '_' and two upper-case hex digits. */
    static String encode(String clientId) {
        byte[] utf8 = clientId.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(utf8.length + 8);
        for (byte b : utf8) {
            char c = (char) (b & 0xFF);
            if (isKept(c)) {
                out.append(c);
            } else {
                out.append('_').append(UPPER_HEX.toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static boolean isKept(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    }

    private static boolean isUpperHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    private static boolean isLegal(char c) {
        return isKept(c) || c == '.' || c == '_';
    }

    private static String sha256(String clientId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(clientId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
