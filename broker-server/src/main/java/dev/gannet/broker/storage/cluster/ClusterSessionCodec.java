package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.message.MessageCodec;
import dev.gannet.broker.storage.StoredSubscription;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link ClusterSession} in the sessions topic. It starts with a version
 * byte: records outlive the node that wrote them (every node replays the topic at start), so a
 * later layout must add a version and keep reading this one.
 */
final class ClusterSessionCodec {

    static final int VERSION = 1;

    /** Far more than a client makes (each costs a SUBSCRIBE), so a corrupted count fails fast. */
    private static final int MAX_SUBSCRIPTIONS = 1_000_000;

    private ClusterSessionCodec() {
    }

    static byte[] encode(ClusterSession session) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 32 * session.subscriptions().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            MessageCodec.string(out, session.clientId());
            MessageCodec.nullableString(out, session.nodeId());
            out.writeBoolean(session.connected());
            out.writeLong(session.expiryIntervalSeconds());
            MessageCodec.string(out, session.clientType());
            out.writeInt(session.subscriptions().size());
            for (StoredSubscription s : session.subscriptions()) {
                MessageCodec.string(out, s.filter());
                out.writeByte(s.qos());
                out.writeBoolean(s.noLocal());
                out.writeBoolean(s.retainAsPublished());
                out.writeByte(s.retainHandling());
                out.writeInt(s.subscriptionIdentifier());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    static ClusterSession decode(byte[] encoded) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("unknown session record version " + version + " (written by a newer Gannet?)");
        }
        String clientId = MessageCodec.string(in);
        String nodeId = MessageCodec.nullableString(in);
        boolean connected = in.readBoolean();
        long expiry = in.readLong();
        String clientType = MessageCodec.string(in);
        int count = in.readInt();
        if (count < 0 || count > MAX_SUBSCRIPTIONS) {
            throw new IOException("bad subscription count " + count);
        }
        List<StoredSubscription> subscriptions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            subscriptions.add(new StoredSubscription(MessageCodec.string(in), in.readUnsignedByte(), in.readBoolean(),
                    in.readBoolean(), in.readUnsignedByte(), in.readInt()));
        }
        if (in.available() > 0) {
            throw new IOException(in.available() + " bytes after the end of the record");
        }
        try {
            return new ClusterSession(clientId, nodeId, connected, expiry, clientType, subscriptions);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
