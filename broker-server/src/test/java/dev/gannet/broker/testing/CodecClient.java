package dev.gannet.broker.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test client speaking MQTT through Netty's own codec: it sends exactly the packets a test
 * builds (any version, any property, any packet order) and hands back every packet the broker
 * sends, so tests can assert on reason codes, properties and order that real client libraries
 * hide. Received PUBLISH payloads are copied out and released at once.
 */
public final class CodecClient implements AutoCloseable {

    /** A packet from the broker; {@code payload} is the copied PUBLISH payload (null for other types). */
    public record Received(MqttMessage message, byte[] payload) {

        public MqttMessageType type() {
            return message.fixedHeader().messageType();
        }

        public MqttPublishMessage publish() {
            return (MqttPublishMessage) message;
        }

        public String payloadText() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Channel channel;

    private CodecClient(int port) throws InterruptedException {
        this.channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new MqttDecoder(16 * 1024 * 1024), MqttEncoder.INSTANCE,
                                new SimpleChannelInboundHandler<MqttMessage>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
                                        byte[] payload = msg instanceof MqttPublishMessage p
                                                ? ByteBufUtil.getBytes(p.payload()) : null;
                                        received.add(new Received(msg, payload));
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        closed.countDown();
                                    }
                                });
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
    }

    public static CodecClient connectTo(int port) throws InterruptedException {
        return new CodecClient(port);
    }

    /** Opens a connection and completes an MQTT 5 CONNECT with the given properties; returns the CONNACK. */
    public static CodecClient connected5(int port, String clientId, boolean cleanStart, MqttProperties properties)
            throws InterruptedException {
        CodecClient client = connectTo(port);
        client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(clientId)
                .cleanSession(cleanStart).keepAlive(60).properties(properties).build());
        Received connack = client.expect(MqttMessageType.CONNACK);
        if (((MqttConnAckMessage) connack.message()).variableHeader().connectReturnCode().byteValue() != 0) {
            throw new AssertionError("CONNECT refused: " + connack.message());
        }
        return client;
    }

    /** Writes bytes as they are, past the encoder: for malformed or hand-built packets. */
    public void sendRaw(byte[] bytes) {
        channel.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(bytes)).syncUninterruptibly();
    }

    /** Opens a connection and completes an MQTT 3.1.1 CONNECT; returns after CONNACK 0x00. */
    public static CodecClient connected311(int port, String clientId, boolean cleanSession) throws InterruptedException {
        CodecClient client = connectTo(port);
        client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId(clientId)
                .cleanSession(cleanSession).keepAlive(60).build());
        Received connack = client.expect(MqttMessageType.CONNACK);
        if (((MqttConnAckMessage) connack.message()).variableHeader().connectReturnCode().byteValue() != 0) {
            throw new AssertionError("CONNECT refused: " + connack.message());
        }
        return client;
    }

    public void send(MqttMessage message) {
        channel.writeAndFlush(message).syncUninterruptibly();
    }

    /**
     * Sends without waiting for the write: for a packet the broker refuses from its first bytes and
     * closes the connection on, so that the rest of the write may fail with a broken pipe.
     */
    public void sendWithoutWaiting(MqttMessage message) {
        channel.writeAndFlush(message);
    }

    /** The next packet from the broker within 5 s; fails if none arrives. */
    public Received next() throws InterruptedException {
        Received next = received.poll(5, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no packet from the broker within 5 s" + (isClosed() ? " (connection closed)" : ""));
        }
        return next;
    }

    /** The next packet, which must be of {@code type}. */
    public Received expect(MqttMessageType type) throws InterruptedException {
        Received next = next();
        if (next.type() != type) {
            throw new AssertionError("expected " + type + " but got " + next.message());
        }
        return next;
    }

    /** The next packet if one arrives within {@code millis}, else null: for "nothing more arrives". */
    public Received poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** True once the broker closed the connection, waiting up to {@code seconds}. */
    public boolean awaitClosed(long seconds) throws InterruptedException {
        return closed.await(seconds, TimeUnit.SECONDS);
    }

    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    /** Drops the TCP connection without DISCONNECT, as a crashed client would. */
    public void drop() throws InterruptedException {
        channel.close().sync();
        awaitClosed(5);
    }

    public static MqttPublishMessage publish5(String topic, int qos, int packetId, byte[] payload, MqttProperties properties) {
        return MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.valueOf(qos)).messageId(packetId)
                .payload(io.netty.buffer.Unpooled.wrappedBuffer(payload)).properties(properties).build();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
