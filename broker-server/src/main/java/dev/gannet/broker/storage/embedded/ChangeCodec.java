package dev.gannet.broker.storage.embedded;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.message.MessageCodec;
import dev.gannet.broker.storage.QueueTarget;
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
 * The binary form of a {@link Change}: a tag byte, then the fields in order. Strings are
 * length-prefixed UTF-8 ({@code writeUTF} would cap them at 64 KB), byte arrays length-prefixed,
 * absent values marked by a flag.
 */
final class ChangeCodec {

    private static final int SESSION_SAVED = 1;
    private static final int SESSION_REMOVED = 2;
    private static final int SUBSCRIPTION_SAVED = 3;
    private static final int SUBSCRIPTION_REMOVED = 4;
    private static final int ENQUEUED = 5;
    private static final int IN_FLIGHT = 6;
    private static final int RELEASED = 7;
    private static final int REMOVED = 8;
    private static final int INBOUND_REMEMBERED = 9;
    private static final int INBOUND_FORGOTTEN = 10;
    private static final int RETAINED_PUT = 11;
    private static final int RETAINED_REMOVED = 12;

    private ChangeCodec() {
    }

    static byte[] encode(Change change) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (change instanceof Change.SessionSaved c) {
                out.writeByte(SESSION_SAVED);
                string(out, c.clientId());
                out.writeLong(c.expiryIntervalSeconds());
            } else if (change instanceof Change.SessionRemoved c) {
                out.writeByte(SESSION_REMOVED);
                string(out, c.clientId());
            } else if (change instanceof Change.SubscriptionSaved c) {
                out.writeByte(SUBSCRIPTION_SAVED);
                string(out, c.clientId());
                StoredSubscription s = c.subscription();
                string(out, s.filter());
                out.writeByte(s.qos());
                out.writeBoolean(s.noLocal());
                out.writeBoolean(s.retainAsPublished());
                out.writeByte(s.retainHandling());
                out.writeInt(s.subscriptionIdentifier());
            } else if (change instanceof Change.SubscriptionRemoved c) {
                out.writeByte(SUBSCRIPTION_REMOVED);
                string(out, c.clientId());
                string(out, c.filter());
            } else if (change instanceof Change.Enqueued c) {
                out.writeByte(ENQUEUED);
                out.writeLong(c.messageId());
                message(out, c.message());
                out.writeInt(c.targets().size());
                for (QueueTarget t : c.targets()) {
                    string(out, t.clientId());
                    out.writeLong(t.entryId());
                    out.writeByte(t.qos());
                    out.writeBoolean(t.retain());
                    ints(out, t.subscriptionIdentifiers());
                }
            } else if (change instanceof Change.InFlight c) {
                out.writeByte(IN_FLIGHT);
                string(out, c.clientId());
                out.writeLong(c.entryId());
                out.writeShort(c.packetId());
            } else if (change instanceof Change.Released c) {
                out.writeByte(RELEASED);
                string(out, c.clientId());
                out.writeLong(c.entryId());
            } else if (change instanceof Change.Removed c) {
                out.writeByte(REMOVED);
                string(out, c.clientId());
                out.writeLong(c.entryId());
            } else if (change instanceof Change.InboundRemembered c) {
                out.writeByte(INBOUND_REMEMBERED);
                string(out, c.clientId());
                out.writeShort(c.packetId());
            } else if (change instanceof Change.InboundForgotten c) {
                out.writeByte(INBOUND_FORGOTTEN);
                string(out, c.clientId());
                out.writeShort(c.packetId());
            } else if (change instanceof Change.RetainedPut c) {
                out.writeByte(RETAINED_PUT);
                message(out, c.message());
            } else if (change instanceof Change.RetainedRemoved c) {
                out.writeByte(RETAINED_REMOVED);
                string(out, c.topic());
            } else {
                throw new IllegalArgumentException("unknown change " + change);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return bytes.toByteArray();
    }

    /** @throws IOException when the bytes are not a change this version understands */
    static Change decode(byte[] record) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(record));
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case SESSION_SAVED -> new Change.SessionSaved(string(in), in.readLong());
            case SESSION_REMOVED -> new Change.SessionRemoved(string(in));
            case SUBSCRIPTION_SAVED -> new Change.SubscriptionSaved(string(in), new StoredSubscription(string(in),
                    in.readUnsignedByte(), in.readBoolean(), in.readBoolean(), in.readUnsignedByte(), in.readInt()));
            case SUBSCRIPTION_REMOVED -> new Change.SubscriptionRemoved(string(in), string(in));
            case ENQUEUED -> {
                long messageId = in.readLong();
                Message message = message(in);
                int count = in.readInt();
                List<QueueTarget> targets = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    targets.add(new QueueTarget(string(in), in.readLong(), in.readUnsignedByte(), in.readBoolean(), ints(in)));
                }
                yield new Change.Enqueued(messageId, message, targets);
            }
            case IN_FLIGHT -> new Change.InFlight(string(in), in.readLong(), in.readUnsignedShort());
            case RELEASED -> new Change.Released(string(in), in.readLong());
            case REMOVED -> new Change.Removed(string(in), in.readLong());
            case INBOUND_REMEMBERED -> new Change.InboundRemembered(string(in), in.readUnsignedShort());
            case INBOUND_FORGOTTEN -> new Change.InboundForgotten(string(in), in.readUnsignedShort());
            case RETAINED_PUT -> new Change.RetainedPut(message(in));
            case RETAINED_REMOVED -> new Change.RetainedRemoved(string(in));
            default -> throw new IOException("unknown change type " + tag);
        };
    }

    private static void message(DataOutputStream out, Message m) throws IOException {
        MessageCodec.write(out, m);
    }

    private static Message message(DataInputStream in) throws IOException {
        return MessageCodec.read(in);
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        bytes(out, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String string(DataInputStream in) throws IOException {
        return new String(bytes(in), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > LogFile.MAX_FRAME) {
            throw new IOException("bad length " + length);
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }

    private static void ints(DataOutputStream out, List<Integer> values) throws IOException {
        out.writeInt(values.size());
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static List<Integer> ints(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<Integer> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(in.readInt());
        }
        return values;
    }
}
