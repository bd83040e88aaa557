package dev.gannet.broker.mqtt;

import dev.gannet.broker.auth.ClientIdentity;
import dev.gannet.broker.message.Message;
import dev.gannet.broker.session.ClientChannel;
import dev.gannet.broker.session.Delivery;
import dev.gannet.broker.session.Session;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/**
 * The state of one network connection, kept in a channel attribute: before CONNECT only the
 * address is known; afterwards the client id, protocol version, session and will.
 *
 * <p>All fields are touched on the channel's event loop only.
 */
public final class Connection implements ClientChannel {

    private static final AttributeKey<Connection> KEY = AttributeKey.valueOf("gannet.connection");

    enum State { AWAITING_CONNECT, CONNECTED, CLOSED }

    private final Channel channel;
    private final String remoteAddress;
    private State state = State.AWAITING_CONNECT;
    private MqttVersion version;
    private ClientIdentity identity;
    private Session session;
    private Message will;
    private boolean disconnectReceived;
    private ScheduledFuture<?> connectTimeout;

    private Connection(Channel channel) {
        this.channel = channel;
        this.remoteAddress = describe(channel.remoteAddress());
    }

    static Connection create(Channel channel) {
        Connection connection = new Connection(channel);
        channel.attr(KEY).set(connection);
        return connection;
    }

    /** The connection of {@code channel}, or null before it became active. */
    public static Connection of(Channel channel) {
        return channel.attr(KEY).get();
    }

    private static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() == null ? inet.getHostString() + ":" + inet.getPort()
                    : inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    // ---- state --------------------------------------------------------------------------

    Channel channel() {
        return channel;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    /** The client id, or "-" before CONNECT was accepted: for log lines. */
    public String clientIdForLog() {
        return identity == null ? "-" : identity.clientId();
    }

    State state() {
        return state;
    }

    void connected(MqttVersion version, ClientIdentity identity, Session session, Message will) {
        this.state = State.CONNECTED;
        this.version = version;
        this.identity = identity;
        this.session = session;
        this.will = will;
    }

    void closed() {
        state = State.CLOSED;
    }

    MqttVersion version() {
        return version;
    }

    ClientIdentity identity() {
        return identity;
    }

    Session session() {
        return session;
    }

    /** The will to publish now that the connection is lost, or null; cleared by DISCONNECT. */
    Message takeWill() {
        Message pending = disconnectReceived ? null : will;
        will = null;
        return pending;
    }

    void disconnectReceived() {
        disconnectReceived = true;
        will = null;
    }

    void connectTimeout(ScheduledFuture<?> timeout) {
        this.connectTimeout = timeout;
    }

    void cancelConnectTimeout() {
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
            connectTimeout = null;
        }
    }

    // ---- ClientChannel ----------------------------------------------------------------------

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void writePublish(int packetId, Delivery delivery, boolean duplicate) {
        Message message = delivery.message();
        MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.PUBLISH, duplicate,
                MqttQoS.valueOf(delivery.qos()), delivery.retain(), 0);
        // Wrapping shares the message's array: no per-subscriber payload copy.
        channel.write(new MqttPublishMessage(header,
                new MqttPublishVariableHeader(message.topic(), packetId), Unpooled.wrappedBuffer(message.payload())));
    }

    @Override
    public void writePubrel(int packetId) {
        write(Packets.ack(MqttMessageType.PUBREL, packetId));
    }

    @Override
    public void flush() {
        channel.flush();
    }

    void write(MqttMessage message) {
        channel.write(message);
    }

    static MqttMessageIdVariableHeader id(int packetId) {
        return MqttMessageIdVariableHeader.from(packetId);
    }

    @Override
    public String toString() {
        return "Connection[" + clientIdForLog() + " @ " + remoteAddress + "]";
    }
}
