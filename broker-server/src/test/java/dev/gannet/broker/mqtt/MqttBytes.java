package dev.gannet.broker.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Raw MQTT packets for tests, built byte by byte, and hex helpers for what the broker writes. */
final class MqttBytes {

    static final int CLEAN_SESSION = 0x02;
    static final int WILL = 0x04;
    static final int WILL_QOS_1 = 0x08;
    static final int WILL_RETAIN = 0x20;
    static final int PASSWORD = 0x40;
    static final int USERNAME = 0x80;

    private MqttBytes() {
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static byte[] u16(int value) {
        return bytes(value >> 8, value & 0xFF);
    }

    /** An MQTT UTF-8 string: two-byte length, then the bytes. */
    static byte[] str(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return concat(u16(utf8.length), utf8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A whole packet: the first byte, the variable-length remaining length, the body. */
    static byte[] packet(int firstByte, byte[]... body) {
        byte[] rest = concat(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int remaining = rest.length;
        do {
            int digit = remaining % 128;
            remaining /= 128;
            out.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        out.writeBytes(rest);
        return out.toByteArray();
    }

    /** CONNECT with protocol name, level, flags and keep-alive as given; {@code payload} follows the client id. */
    static byte[] connect(String protocolName, int level, int flags, String clientId, byte[]... payload) {
        return packet(0x10, str(protocolName), bytes(level, flags), u16(0), str(clientId), concat(payload));
    }

    /** A plain MQTT 3.1.1 CONNECT, keep-alive 0. */
    static byte[] connect(String clientId, boolean cleanSession) {
        return connect("MQTT", 4, cleanSession ? CLEAN_SESSION : 0, clientId);
    }

    /** An MQTT 3.1.1 CONNECT with a will. */
    static byte[] connectWithWill(String clientId, String willTopic, String willMessage, int willQos) {
        return connect("MQTT", 4, CLEAN_SESSION | WILL | (willQos << 3), clientId, str(willTopic), str(willMessage));
    }

    static byte[] publish(int qos, boolean retain, boolean dup, String topic, int packetId, String payload) {
        int first = 0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 0x01 : 0);
        byte[] id = qos > 0 ? u16(packetId) : new byte[0];
        return packet(first, str(topic), id, payload.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] publish(int qos, String topic, int packetId, String payload) {
        return publish(qos, false, false, topic, packetId, payload);
    }

    /** SUBSCRIBE with (filter, options byte) pairs. */
    static byte[] subscribe(int packetId, Object... filtersAndOptions) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(u16(packetId));
        for (int i = 0; i < filtersAndOptions.length; i += 2) {
            body.writeBytes(str((String) filtersAndOptions[i]));
            body.write((Integer) filtersAndOptions[i + 1]);
        }
        return packet(0x82, body.toByteArray());
    }

    static byte[] unsubscribe(int packetId, String... filters) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(u16(packetId));
        for (String filter : filters) {
            body.writeBytes(str(filter));
        }
        return packet(0xA2, body.toByteArray());
    }

    static byte[] puback(int packetId) {
        return packet(0x40, u16(packetId));
    }

    static byte[] pubrec(int packetId) {
        return packet(0x50, u16(packetId));
    }

    static byte[] pubrel(int packetId) {
        return packet(0x62, u16(packetId));
    }

    static byte[] pubcomp(int packetId) {
        return packet(0x70, u16(packetId));
    }

    static final byte[] PINGREQ = bytes(0xC0, 0x00);
    static final byte[] DISCONNECT = bytes(0xE0, 0x00);

    /** "20 02 00 00" style hex of {@code bytes}. */
    static String hex(byte[] bytes) {
        return spaced(ByteBufUtil.hexDump(bytes));
    }

    private static String spaced(String hex) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(hex, i, i + 2);
        }
        return out.toString();
    }

    /** Writes {@code bytes} into the channel as one read. */
    static void send(EmbeddedChannel channel, byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    /** Everything written to the channel so far, as spaced hex; each buffer is released. */
    static String written(EmbeddedChannel channel) {
        StringBuilder hex = new StringBuilder();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) message;
            try {
                if (buf.isReadable()) {
                    if (!hex.isEmpty()) {
                        hex.append(' ');
                    }
                    hex.append(spaced(ByteBufUtil.hexDump(buf)));
                }
            } finally {
                buf.release();
            }
        }
        return hex.toString();
    }
}
