package dev.gannet.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One lean MQTT 3.1.1 client connection: CONNECT, SUBSCRIBE, PUBLISH at QoS 0, 1 and 2 both ways,
 * PINGREQ and DISCONNECT, on Netty's MQTT codec. It keeps no queue, no retry and no reconnect
 * logic: a benchmark wants to see what the broker does, and an idle one costs only its channel.
 *
 * <p>Every method but the futures' completion runs on the channel's event loop; callers that
 * publish do so from a task on that loop ({@link #channel()}{@code .eventLoop()}) and flush
 * themselves after a batch.
 */
public final class BenchClient extends ChannelInboundHandlerAdapter {

    /** What the scenario wants to hear about; every method runs on the channel's event loop. */
    public interface Events {
        /** A PUBLISH arrived (after the acknowledgement, if any, was written); the buffer is released after the call. */
        default void message(BenchClient client, ByteBuf payload, int qos, boolean duplicate) {
        }

        /** A PUBACK (QoS 1) or PUBCOMP (QoS 2) completed one of this client's publishes. */
        default void acknowledged(BenchClient client) {
        }

        /** The connection closed, for whatever reason. */
        default void closed(BenchClient client) {
        }
    }

    private static final Events NO_EVENTS = new Events() {
    };

    private final String clientId;
    private final boolean cleanSession;
    private final int keepAliveSeconds;
    private volatile Events events = NO_EVENTS;
    private final CompletableFuture<BenchClient> connected = new CompletableFuture<>();
    private CompletableFuture<List<Integer>> subscribed;
    private Channel channel;
    private volatile boolean sessionPresent;
    private volatile boolean closing;
    private int nextPacketId = 1;
    private int inflight;
    private boolean wroteSinceFlush;
    /** Packet ids of QoS 2 messages received and acknowledged with PUBREC, awaiting PUBREL. */
    private BitSet awaitingRelease;

    BenchClient(String clientId, boolean cleanSession, int keepAliveSeconds) {
        this.clientId = clientId;
        this.cleanSession = cleanSession;
        this.keepAliveSeconds = keepAliveSeconds;
    }

    public String clientId() {
        return clientId;
    }

    public Channel channel() {
        return channel;
    }

    public boolean sessionPresent() {
        return sessionPresent;
    }

    /** Completes with this client once CONNACK accepted it; fails on a refusal or a closed connection. */
    public CompletableFuture<BenchClient> connected() {
        return connected;
    }

    public void events(Events events) {
        this.events = events;
    }

    /** Unacknowledged QoS 1 and 2 publishes of this client. Event loop only. */
    public int inflight() {
        return inflight;
    }

    public boolean isActive() {
        return channel != null && channel.isActive();
    }

    /** Subscribes to one filter; completes with the granted QoS levels (0x80 for a refusal). */
    public CompletableFuture<List<Integer>> subscribe(String filter, int qos) {
        CompletableFuture<List<Integer>> result = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            subscribed = result;
            channel.writeAndFlush(MqttMessageBuilders.subscribe().messageId(nextPacketId())
                    .addSubscription(MqttQoS.valueOf(qos), filter).build());
        });
        return result;
    }

    /**
     * Writes (without flushing) one PUBLISH; the payload is released by the write. Event loop only.
     */
    public void publish(String topic, int qos, ByteBuf payload) {
        int packetId = 0;
        if (qos > 0) {
            packetId = nextPacketId();
            inflight++;
        }
        channel.write(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(qos), false, 0),
                new MqttPublishVariableHeader(topic, packetId), payload), channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    public void ping() {
        channel.eventLoop().execute(() -> channel.writeAndFlush(new MqttMessage(
                new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0))));
    }

    /** Sends DISCONNECT and closes; the returned future completes when the channel is closed. */
    public CompletableFuture<Void> disconnect() {
        closing = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (channel == null) {
            done.complete(null);
            return done;
        }
        channel.closeFuture().addListener(f -> done.complete(null));
        if (channel.isActive()) {
            channel.writeAndFlush(MqttMessageBuilders.disconnect().build()).addListener(f -> channel.close());
        } else {
            channel.close();
        }
        return done;
    }

    /** True once {@link #disconnect()} was called: a close after it is expected. */
    public boolean closing() {
        return closing;
    }

    private int nextPacketId() {
        int id = nextPacketId;
        nextPacketId = id == 0xFFFF ? 1 : id + 1;
        return id;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.writeAndFlush(MqttMessageBuilders.connect().clientId(clientId).protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(cleanSession).keepAlive(keepAliveSeconds).build());
        ctx.fireChannelActive();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof MqttMessage message)) {
                return;
            }
            if (message.decoderResult().isFailure()) {
                ctx.close();
                return;
            }
            switch (message.fixedHeader().messageType()) {
                case PUBLISH -> received((MqttPublishMessage) message);
                case PUBACK, PUBCOMP -> {
                    inflight--;
                    events.acknowledged(this);
                }
                case PUBREC -> write(MqttMessageType.PUBREL, MqttQoS.AT_LEAST_ONCE, packetId(message));
                case PUBREL -> {
                    int packetId = packetId(message);
                    if (awaitingRelease != null) {
                        awaitingRelease.clear(packetId);
                    }
                    write(MqttMessageType.PUBCOMP, MqttQoS.AT_MOST_ONCE, packetId);
                }
                case CONNACK -> {
                    MqttConnAckMessage ack = (MqttConnAckMessage) message;
                    if (ack.variableHeader().connectReturnCode() == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                        sessionPresent = ack.variableHeader().isSessionPresent();
                        connected.complete(this);
                    } else {
                        connected.completeExceptionally(new IllegalStateException(
                                clientId + " refused: " + ack.variableHeader().connectReturnCode()));
                        ctx.close();
                    }
                }
                case SUBACK -> {
                    if (subscribed != null) {
                        subscribed.complete(((MqttSubAckMessage) message).payload().grantedQoSLevels());
                        subscribed = null;
                    }
                }
                default -> {
                    // PINGRESP, UNSUBACK: nothing to do
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void received(MqttPublishMessage publish) {
        int qos = publish.fixedHeader().qosLevel().value();
        int packetId = publish.variableHeader().packetId();
        boolean deliver = true;
        if (qos == 1) {
            write(MqttMessageType.PUBACK, MqttQoS.AT_MOST_ONCE, packetId);
        } else if (qos == 2) {
            if (awaitingRelease == null) {
                awaitingRelease = new BitSet(1 << 16);
            }
            deliver = !awaitingRelease.get(packetId); // a re-sent QoS 2 PUBLISH before PUBREL is the same message
            awaitingRelease.set(packetId);
            write(MqttMessageType.PUBREC, MqttQoS.AT_MOST_ONCE, packetId);
        }
        if (deliver) {
            events.message(this, publish.payload(), qos, publish.fixedHeader().isDup());
        }
    }

    private void write(MqttMessageType type, MqttQoS qos, int packetId) {
        channel.write(new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0), MqttMessageIdVariableHeader.from(packetId)),
                channel.voidPromise());
        wroteSinceFlush = true;
    }

    private static int packetId(MqttMessage message) {
        return ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (wroteSinceFlush) {
            wroteSinceFlush = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connected.completeExceptionally(new IllegalStateException(clientId + ": connection closed before CONNACK"));
        if (subscribed != null) {
            subscribed.completeExceptionally(new IllegalStateException(clientId + ": connection closed before SUBACK"));
        }
        events.closed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connected.completeExceptionally(cause);
        ctx.close();
    }
}
