package dev.gannet.broker.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A deliberately dumb MQTT 3.1.1 client over a plain socket: it writes exactly the bytes it is
 * told to and reads packets one by one, so a test can misbehave (never acknowledge, vanish
 * without DISCONNECT, send malformed packets) and see exactly what the broker sends.
 *
 * <p>Every read is bounded by a timeout.
 */
public final class RawMqttClient implements AutoCloseable {

    public static final int CONNECT = 1;
    public static final int CONNACK = 2;
    public static final int PUBLISH = 3;
    public static final int PUBACK = 4;
    public static final int PUBREC = 5;
    public static final int PUBREL = 6;
    public static final int PUBCOMP = 7;
    public static final int SUBSCRIBE = 8;
    public static final int SUBACK = 9;
    public static final int UNSUBSCRIBE = 10;
    public static final int UNSUBACK = 11;
    public static final int PINGREQ = 12;
    public static final int PINGRESP = 13;
    public static final int DISCONNECT = 14;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawMqttClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a TCP connection to 127.0.0.1:{@code port}; sends nothing yet. */
    public static RawMqttClient open(int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new RawMqttClient(socket);
    }

    // ---- packets ----------------------------------------------------------------------------

    /** One received packet: the fixed header's first byte and the body after the remaining length. */
    public record Packet(int header, byte[] body) {

        public int type() {
            return (header >> 4) & 0x0F;
        }

        public boolean dup() {
            return (header & 0x08) != 0;
        }

        public int qos() {
            return (header >> 1) & 0x03;
        }

        public boolean retain() {
            return (header & 0x01) != 0;
        }

        /** PUBLISH: the topic name. */
        public String topic() {
            int length = u16(0);
            return new String(body, 2, length, StandardCharsets.UTF_8);
        }

        /** The packet id: of a PUBLISH with QoS above 0, or of an acknowledgement / SUBACK. */
        public int packetId() {
            if (type() == PUBLISH) {
                return u16(2 + u16(0));
            }
            return u16(0);
        }

        /** PUBLISH: the application payload. */
        public byte[] payload() {
            int start = 2 + u16(0) + (qos() > 0 ? 2 : 0);
            return Arrays.copyOfRange(body, start, body.length);
        }

        public String payloadText() {
            return new String(payload(), StandardCharsets.UTF_8);
        }

        /** CONNACK: the return code. */
        public int connackCode() {
            return body[1] & 0xFF;
        }

        /** CONNACK: the session present flag. */
        public boolean sessionPresent() {
            return (body[0] & 0x01) != 0;
        }

        /** SUBACK: the return codes. */
        public int[] subackCodes() {
            int[] codes = new int[body.length - 2];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = body[2 + i] & 0xFF;
            }
            return codes;
        }

        private int u16(int at) {
            return ((body[at] & 0xFF) << 8) | (body[at + 1] & 0xFF);
        }

        @Override
        public String toString() {
            return "Packet[type=" + type() + ", flags=" + (header & 0x0F) + ", body=" + Arrays.toString(body) + "]";
        }
    }

    // ---- writing ----------------------------------------------------------------------------

    /** A CONNECT as MQTT 3.1.1 ("MQTT", level 4) without will or credentials. */
    public RawMqttClient connect(String clientId, boolean cleanSession, int keepAliveSeconds) throws IOException {
        return connect(clientId, cleanSession, keepAliveSeconds, null, null, 0, false);
    }

    /** A CONNECT as MQTT 3.1.1 with an optional will (null will topic for none). */
    public RawMqttClient connect(String clientId, boolean cleanSession, int keepAliveSeconds,
                                 String willTopic, byte[] willPayload, int willQos, boolean willRetain) throws IOException {
        return connect("MQTT", 4, clientId, cleanSession, keepAliveSeconds, willTopic, willPayload, willQos, willRetain);
    }

    /** A CONNECT with any protocol name and level. */
    public RawMqttClient connect(String protocolName, int level, String clientId, boolean cleanSession, int keepAliveSeconds,
                                 String willTopic, byte[] willPayload, int willQos, boolean willRetain) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, protocolName);
        body.write(level);
        int flags = cleanSession ? 0x02 : 0;
        if (willTopic != null) {
            flags |= 0x04 | (willQos << 3) | (willRetain ? 0x20 : 0);
        }
        body.write(flags);
        body.write(keepAliveSeconds >> 8);
        body.write(keepAliveSeconds & 0xFF);
        writeString(body, clientId);
        if (willTopic != null) {
            writeString(body, willTopic);
            writeBinary(body, willPayload);
        }
        return send(0x10, body.toByteArray());
    }

    /**
     * A 3.1.1 CONNECT with the connect flags byte exactly as given; {@code payloadFields} follow the
     * client id, each as a length-prefixed UTF-8 string (will topic, will message, user name, password).
     */
    public RawMqttClient connectWithFlags(int flags, String clientId, String... payloadFields) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4);
        body.write(flags);
        body.write(0);
        body.write(0);
        writeString(body, clientId);
        for (String field : payloadFields) {
            writeString(body, field);
        }
        return send(0x10, body.toByteArray());
    }

    /** CONNECT, then reads and returns the CONNACK. */
    public Packet connectAndAwaitConnack(String clientId, boolean cleanSession, int keepAliveSeconds) throws IOException {
        connect(clientId, cleanSession, keepAliveSeconds);
        return expect(CONNACK, 5_000);
    }

    public RawMqttClient publish(String topic, String payload, int qos, boolean retain, boolean dup, int packetId)
            throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        if (qos > 0) {
            body.write(packetId >> 8);
            body.write(packetId & 0xFF);
        }
        body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        int header = 0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 1 : 0);
        return send(header, body.toByteArray());
    }

    /** SUBSCRIBE to one filter. */
    public RawMqttClient subscribe(int packetId, String filter, int qos) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId & 0xFF);
        writeString(body, filter);
        body.write(qos);
        return send(0x82, body.toByteArray());
    }

    /** SUBSCRIBE and wait for the SUBACK; returns its return codes. */
    public int[] subscribeAndAwaitSuback(int packetId, String filter, int qos) throws IOException {
        subscribe(packetId, filter, qos);
        Packet suback = expect(SUBACK, 5_000);
        if (suback.packetId() != packetId) {
            throw new AssertionError("SUBACK for packet id " + suback.packetId() + ", expected " + packetId);
        }
        return suback.subackCodes();
    }

    /** UNSUBSCRIBE from one filter. */
    public RawMqttClient unsubscribe(int packetId, String filter) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId & 0xFF);
        writeString(body, filter);
        return send(0xA2, body.toByteArray());
    }

    public RawMqttClient puback(int packetId) throws IOException {
        return send(0x40, id(packetId));
    }

    public RawMqttClient pubrec(int packetId) throws IOException {
        return send(0x50, id(packetId));
    }

    public RawMqttClient pubrel(int packetId) throws IOException {
        return send(0x62, id(packetId));
    }

    public RawMqttClient pubcomp(int packetId) throws IOException {
        return send(0x70, id(packetId));
    }

    public RawMqttClient pingreq() throws IOException {
        return send(0xC0, new byte[0]);
    }

    public RawMqttClient disconnect() throws IOException {
        return send(0xE0, new byte[0]);
    }

    /** Writes {@code bytes} (each 0..255) as they are. */
    public RawMqttClient writeRaw(int... bytes) throws IOException {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        return writeBytes(raw);
    }

    private RawMqttClient writeBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    private RawMqttClient send(int header, byte[] body) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(header);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body);
        return writeBytes(packet.toByteArray());
    }

    private static byte[] id(int packetId) {
        return new byte[] {(byte) (packetId >> 8), (byte) packetId};
    }

    private static void writeString(ByteArrayOutputStream out, String text) {
        writeBinary(out, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBinary(ByteArrayOutputStream out, byte[] data) {
        out.write(data.length >> 8);
        out.write(data.length & 0xFF);
        out.writeBytes(data);
    }

    // ---- reading ----------------------------------------------------------------------------

    /**
     * The next packet, or null when none arrives within {@code timeoutMillis}.
     *
     * @throws EOFException when the broker closed the connection
     */
    public Packet read(long timeoutMillis) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeoutMillis));
        int header;
        try {
            header = in.read();
        } catch (SocketTimeoutException e) {
            return null;
        }
        if (header < 0) {
            throw new EOFException("connection closed by the broker");
        }
        // The rest of a packet whose first byte arrived follows promptly.
        socket.setSoTimeout(5_000);
        int length = 0;
        int multiplier = 1;
        int b;
        do {
            b = in.readUnsignedByte();
            length += (b & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((b & 0x80) != 0);
        byte[] body = new byte[length];
        in.readFully(body);
        return new Packet(header, body);
    }

    /** The next packet, which must arrive within {@code timeoutMillis} and be of {@code type}. */
    public Packet expect(int type, long timeoutMillis) throws IOException {
        Packet packet = read(timeoutMillis);
        if (packet == null) {
            throw new AssertionError("no packet of type " + type + " within " + timeoutMillis + " ms");
        }
        if (packet.type() != type) {
            throw new AssertionError("expected packet type " + type + " but got " + packet);
        }
        return packet;
    }

    /**
     * Reads (and discards) until the broker closes the connection; true when it did within
     * {@code timeoutMillis}, false when the connection was still open then.
     */
    public boolean awaitClosed(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            try {
                socket.setSoTimeout((int) Math.max(1, left));
                if (in.read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // reset by the broker
            }
        }
    }

    /** Closes the socket without DISCONNECT: to the broker, an abnormal loss of the connection. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
