package dev.gannet.broker.message;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link Message}, shared by every store that keeps messages (the embedded
 * log, Redis, Kafka). Strings are length-prefixed UTF-8 ({@code writeUTF} would cap them at
 * 64 KB), byte arrays length-prefixed, absent values marked by a flag. Changing the layout breaks
 * stores written by earlier versions: add a version tag before doing so.
 */
public final class MessageCodec {

    /** Larger than any MQTT packet (256 MB), so a corrupted length fails fast instead of allocating. */
    private static final int MAX_FIELD = 268_435_456;

    private MessageCodec() {
    }

    public static byte[] encode(Message message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + message.payload().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    public static Message decode(byte[] encoded) throws IOException {
        return read(new DataInputStream(new ByteArrayInputStream(encoded)));
    }

    public static void write(DataOutputStream out, Message m) throws IOException {
        string(out, m.topic());
        bytes(out, m.payload());
        out.writeByte(m.qos());
        out.writeBoolean(m.retain());
        nullableString(out, m.publisherId());
        out.writeLong(m.receivedAtMillis());
        out.writeLong(m.expiresAtMillis());
        PublishProperties p = m.properties();
        out.writeInt(p.payloadFormatIndicator() == null ? -1 : p.payloadFormatIndicator());
        nullableString(out, p.contentType());
        nullableString(out, p.responseTopic());
        out.writeBoolean(p.correlationData() != null);
        if (p.correlationData() != null) {
            bytes(out, p.correlationData());
        }
        out.writeInt(p.userProperties().size());
        for (UserProperty u : p.userProperties()) {
            string(out, u.name());
            string(out, u.value());
        }
    }

    public static Message read(DataInputStream in) throws IOException {
        String topic = string(in);
        byte[] payload = bytes(in);
        int qos = in.readUnsignedByte();
        if (qos > 2) {
            throw new IOException("bad QoS " + qos);
        }
        boolean retain = in.readBoolean();
        String publisher = nullableString(in);
        long receivedAt = in.readLong();
        long expiresAt = in.readLong();
        int format = in.readInt();
        String contentType = nullableString(in);
        String responseTopic = nullableString(in);
        byte[] correlation = in.readBoolean() ? bytes(in) : null;
        int users = in.readInt();
        if (users < 0 || users > MAX_FIELD / 8) {
            throw new IOException("bad user property count " + users);
        }
        List<UserProperty> userProperties = new ArrayList<>(users);
        for (int i = 0; i < users; i++) {
            userProperties.add(new UserProperty(string(in), string(in)));
        }
        PublishProperties properties = new PublishProperties(format < 0 ? null : format, contentType, responseTopic,
                correlation, userProperties);
        return new Message(topic, payload, qos, retain, publisher, receivedAt, expiresAt, properties);
    }

    public static void string(DataOutputStream out, String s) throws IOException {
        bytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    public static String string(DataInputStream in) throws IOException {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }

    public static void nullableString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            string(out, s);
        }
    }

    public static String nullableString(DataInputStream in) throws IOException {
        return in.readBoolean() ? string(in) : null;
    }

    public static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    public static byte[] bytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_FIELD) {
            throw new IOException("bad length " + length);
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }

    public static void ints(DataOutputStream out, List<Integer> values) throws IOException {
        out.writeInt(values.size());
        for (int v : values) {
            out.writeInt(v);
        }
    }

    public static List<Integer> ints(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_FIELD / 4) {
            throw new IOException("bad count " + count);
        }
        List<Integer> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(in.readInt());
        }
        return values;
    }
}
