package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.message.MessageCodec;
import dev.gannet.broker.storage.QueueTarget;
import dev.gannet.broker.storage.StoredEntry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The values kept in a client's hashes.
 *
 * <p>{@code :m} (entry id to entry): a format version, the QoS, the RETAIN flag and the subscription
 * identifiers of this copy, then the message in {@link MessageCodec}'s form. The message is encoded
 * once per enqueue and copied behind each target's few header bytes.
 *
 * <p>{@code :s} (entry id to delivery state): {@code <packet id>:<0|1>}, the packet id the entry was
 * sent with and whether its PUBREC came back. Kept apart from the entry so that marking an entry
 * rewrites a few bytes, not the message; the scripts parse and write this form too.
 */
final class EntryCodec {

    /** Bumped when the layout of an entry changes; an unknown version fails loudly instead of misreading. */
    private static final int VERSION = 1;

    private EntryCodec() {
    }

    /** The entry of {@code target}, around a message already encoded by {@link MessageCodec#encode}. */
    static byte[] encode(QueueTarget target, byte[] encodedMessage) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 4 * target.subscriptionIdentifiers().size()
                + encodedMessage.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(target.qos());
            out.writeBoolean(target.retain());
            MessageCodec.ints(out, target.subscriptionIdentifiers());
            out.write(encodedMessage);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    /** The stored entry from its {@code :m} value and its {@code :s} mark (empty when it has none). */
    static StoredEntry decode(long entryId, byte[] entry, byte[] mark) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry));
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("unknown entry format " + version + " (written by a newer Gannet?)");
        }
        int qos = in.readUnsignedByte();
        boolean retain = in.readBoolean();
        List<Integer> subscriptionIdentifiers = MessageCodec.ints(in);
        Message message = MessageCodec.read(in);
        int packetId = 0;
        boolean released = false;
        if (mark.length > 0) {
            String text = new String(mark, StandardCharsets.US_ASCII);
            int colon = text.indexOf(':');
            try {
                packetId = Integer.parseInt(text.substring(0, colon));
            } catch (RuntimeException e) {
                throw new IOException("bad delivery state '" + text + "'", e);
            }
            released = text.endsWith(":1");
        }
        return new StoredEntry(entryId, message, qos, retain, subscriptionIdentifiers, packetId, released);
    }
}
