package dev.gannet.broker.cluster;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.message.MessageCodec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** What one node asks of another through that node's downlink topic. */
sealed interface DownlinkCommand {

    byte DELIVER = 1;
    byte TAKE_OVER = 2;
    byte TAKEN_OVER = 3;

    /** The client id it concerns; the record key. */
    String clientId();

    /**
     * Hand {@code message} to the session of {@code clientId} held by the receiving node.
     *
     * @param entryId the message's entry in the session's stored queue, or 0 when it was not stored
     */
    record Deliver(String clientId, long entryId, int qos, boolean retain, List<Integer> subscriptionIdentifiers,
                   Message message) implements DownlinkCommand {
    }

    /**
     * A connection to node {@code requester} claims {@code clientId}: close the connection here and
     * let go of the session, then answer with {@link TakenOver}.
     *
     * @param cleanStart the new connection ends the session instead of resuming it
     */
    record TakeOver(String clientId, String requestId, String requester, boolean cleanStart) implements DownlinkCommand {
    }

    /** The answer to {@link TakeOver}: the session has left the node that held it. */
    record TakenOver(String clientId, String requestId) implements DownlinkCommand {
    }

    static byte[] encode(DownlinkCommand command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (command instanceof Deliver d) {
                out.writeByte(DELIVER);
                MessageCodec.string(out, d.clientId());
                out.writeLong(d.entryId());
                out.writeByte(d.qos());
                out.writeBoolean(d.retain());
                MessageCodec.ints(out, d.subscriptionIdentifiers());
                MessageCodec.write(out, d.message());
            } else if (command instanceof TakeOver t) {
                out.writeByte(TAKE_OVER);
                MessageCodec.string(out, t.clientId());
                MessageCodec.string(out, t.requestId());
                MessageCodec.string(out, t.requester());
                out.writeBoolean(t.cleanStart());
            } else if (command instanceof TakenOver t) {
                out.writeByte(TAKEN_OVER);
                MessageCodec.string(out, t.clientId());
                MessageCodec.string(out, t.requestId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static DownlinkCommand decode(byte[] record) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(record));
        byte type = in.readByte();
        return switch (type) {
            case DELIVER -> new Deliver(MessageCodec.string(in), in.readLong(), in.readUnsignedByte(), in.readBoolean(),
                    MessageCodec.ints(in), MessageCodec.read(in));
            case TAKE_OVER -> new TakeOver(MessageCodec.string(in), MessageCodec.string(in), MessageCodec.string(in),
                    in.readBoolean());
            case TAKEN_OVER -> new TakenOver(MessageCodec.string(in), MessageCodec.string(in));
            default -> throw new IOException("unknown downlink command " + type);
        };
    }
}
