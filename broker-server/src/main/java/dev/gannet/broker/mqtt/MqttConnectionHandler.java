package dev.gannet.broker.mqtt;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.session.Session;
import dev.gannet.broker.transport.ClientAddress;
import dev.gannet.broker.transport.InvalidPacketEvent;
import dev.gannet.broker.transport.PacketTooLargeEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The per-connection MQTT state machine: CONNECT first and once (then, for MQTT 5 enhanced
 * authentication, AUTH until the method decides), then PUBLISH, SUBSCRIBE and the rest, until
 * DISCONNECT or the connection drops. Each packet type is handed to its flow; this class only
 * enforces the order and the connection's lifecycle.
 *
 * <p>Replies are written without flushing and flushed once per read batch in
 * {@link #channelReadComplete}, so a burst of QoS 1 publishes costs one syscall, not one per PUBACK.
 */
public final class MqttConnectionHandler extends SimpleChannelInboundHandler<MqttMessage> {

    public static final String NAME = "mqttConnection";

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnectionHandler.class);
    private static final Logger DISCONNECTED = LoggerFactory.getLogger("gannet.event.client-disconnected");
    private static final Logger REFUSED = LoggerFactory.getLogger("gannet.event.client-refused");

    private final BrokerContext context;
    private final Disconnector disconnector;
    private final ConnectFlow connectFlow;
    private final PublishFlow publishFlow;
    private final SubscribeFlow subscribeFlow;
    private Connection connection;
    /** Packets that arrived while the CONNECT's credentials were being checked, replayed in order after. */
    private final java.util.ArrayDeque<MqttMessage> heldWhileChecking = new java.util.ArrayDeque<>();

    public MqttConnectionHandler(BrokerContext context) {
        this.context = context;
        this.disconnector = new Disconnector(context.metrics());
        this.connectFlow = new ConnectFlow(context, disconnector);
        this.publishFlow = new PublishFlow(context, disconnector);
        this.subscribeFlow = new SubscribeFlow(context, disconnector);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = Connection.create(ctx.channel());
        context.metrics().connectionOpened();
        int timeout = context.config().mqtt().connectTimeoutSeconds();
        connection.connectTimeout(ctx.executor().schedule(() -> {
            if (connection.state() == Connection.State.AWAITING_CONNECT
                    || connection.state() == Connection.State.CHECKING_CREDENTIALS
                    || connection.state() == Connection.State.AUTHENTICATING) {
                disconnector.closeQuietly(connection, "CONNECT not completed within " + timeout + "s");
            }
        }, timeout, TimeUnit.SECONDS));
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
        if (connection.state() == Connection.State.CLOSED) {
            return; // closing: whatever the client still sends is ignored
        }
        DecoderResult result = message.decoderResult();
        if (result != null && result.isFailure()) {
            decodeFailed(result.cause());
            return;
        }
        MqttMessageType type = message.fixedHeader().messageType();
        switch (connection.state()) {
            case CHECKING_CREDENTIALS -> {
                // A client may send packets right after CONNECT; they wait for its credentials.
                heldWhileChecking.add(io.netty.util.ReferenceCountUtil.retain(message));
            }
            case AWAITING_CONNECT -> {
                if (type == MqttMessageType.CONNECT) {
                    connectFlow.connect(connection, (MqttConnectMessage) message, () -> replayHeld(ctx));
                } else {
                    disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                            "first packet was " + type + ", not CONNECT (MQTT-3.1.0-1)");
                }
            }
            case AUTHENTICATING -> {
                if (type == MqttMessageType.AUTH) {
                    connectFlow.auth(connection, message);
                } else if (type == MqttMessageType.DISCONNECT) {
                    disconnector.closeQuietly(connection, "client gave up authenticating");
                } else {
                    disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                            type + " before authentication completed (MQTT-4.12.0-4)");
                }
            }
            default -> connected(ctx, message, type);
        }
    }

    /** Runs outside a read batch, so it flushes what the held packets' replies wrote. */
    private void replayHeld(ChannelHandlerContext ctx) {
        MqttMessage held;
        while ((held = heldWhileChecking.poll()) != null) {
            try {
                channelRead0(ctx, held);
            } finally {
                io.netty.util.ReferenceCountUtil.release(held);
            }
        }
        ctx.flush();
    }

    private void connected(ChannelHandlerContext ctx, MqttMessage message, MqttMessageType type) {
        switch (type) {
            case PUBLISH -> publishFlow.publish(connection, (MqttPublishMessage) message);
            case PUBACK -> publishFlow.puback(connection, packetId(message));
            case PUBREC -> publishFlow.pubrec(connection, (MqttPubReplyMessageVariableHeader) message.variableHeader());
            case PUBREL -> publishFlow.pubrel(connection, packetId(message));
            case PUBCOMP -> publishFlow.pubcomp(connection, packetId(message));
            case SUBSCRIBE -> subscribeFlow.subscribe(connection, (MqttSubscribeMessage) message);
            case UNSUBSCRIBE -> subscribeFlow.unsubscribe(connection, (MqttUnsubscribeMessage) message);
            case PINGREQ -> connection.write(Packets.PINGRESP);
            case DISCONNECT -> disconnect(ctx, message);
            case AUTH -> connectFlow.auth(connection, message);
            case CONNECT -> disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                    "second CONNECT on one connection (MQTT-3.1.0-2)");
            default -> disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                    "a client may not send " + type);
        }
    }

    /**
     * DISCONNECT from the client. MQTT 5 may change the session expiry here (but not from 0,
     * MQTT-3.14.2-2) and may ask for its will to be published anyway (reason 0x04).
     */
    private void disconnect(ChannelHandlerContext ctx, MqttMessage message) {
        boolean keepWill = false;
        if (connection.isMqtt5() && message.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header) {
            Long expiry = Properties5.unsigned(header.properties(), MqttProperties.SESSION_EXPIRY_INTERVAL);
            if (expiry != null) {
                if (connection.sessionExpiryAtConnect() == 0 && expiry != 0) {
                    disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                            "DISCONNECT may not set a session expiry when CONNECT set none (MQTT-3.14.2-2)");
                    return;
                }
                context.sessions().changeExpiry(connection.session(),
                        Math.min(expiry, context.config().mqtt().maxSessionExpirySeconds()));
            }
            keepWill = header.reasonCode() == MqttReasonCodes.Disconnect.DISCONNECT_WITH_WILL_MESSAGE.byteValue();
        }
        connection.disconnectReceived(keepWill);
        connection.closed();
        ctx.close();
    }

    private static int packetId(MqttMessage message) {
        Object header = message.variableHeader();
        if (header instanceof MqttPubReplyMessageVariableHeader reply) {
            return reply.messageId();
        }
        return ((MqttMessageIdVariableHeader) header).messageId();
    }

    private void decodeFailed(Throwable cause) {
        if (connection.state() == Connection.State.AWAITING_CONNECT) {
            if (cause instanceof MqttUnacceptableProtocolVersionException) {
                // MQTT-3.1.2-2: an unsupported protocol level is answered with CONNACK 0x01 (3.1.1 format).
                refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, cause);
                return;
            }
            if (cause instanceof MqttIdentifierRejectedException) {
                refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, cause);
                return;
            }
        }
        if (cause instanceof TooLongFrameException) {
            disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PACKET_TOO_LARGE,
                    "packet larger than mqtt.max-packet-size: " + cause.getMessage());
            return;
        }
        disconnector.protocolError(connection, MqttReasonCodes.Disconnect.MALFORMED_PACKET, "malformed packet: " + cause.getMessage());
    }

    private void refuse(MqttConnectReturnCode code, Throwable cause) {
        context.metrics().connectionRefused();
        connection.write(Packets.connack(code, false));
        disconnector.closeQuietly(connection, "CONNECT refused with " + code + ": " + cause.getMessage());
    }

    /**
     * An MQTT 5 CONNECT failing the raw checks: CONNACK 0x81 (malformed) or 0x82 (protocol error),
     * then close (MQTT-3.1.4-1 allows a CONNACK with a reason code of 0x80 or more before closing).
     */
    private void refuseMqtt5Connect(InvalidPacketEvent invalid) {
        byte code = (invalid.malformed() ? MqttConnectReturnCode.CONNECTION_REFUSED_MALFORMED_PACKET
                : MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR).byteValue();
        context.metrics().connectionRefused();
        connection.channel().write(Packets.rawMqtt5Connack(code));
        disconnector.closeQuietly(connection, String.format("CONNECT refused with 0x%02X: %s", code & 0xFF, invalid.problem()));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && connection != null && connection.session() != null) {
            connection.session().drainFor(connection);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            disconnector.disconnect(connection, MqttReasonCodes.Disconnect.KEEP_ALIVE_TIMEOUT,
                    "keep-alive timeout: no packet within 1.5 x keep-alive");
            return;
        }
        if (event == ReplayHeld.INSTANCE) {
            replayHeld(ctx);
            return;
        }
        if (event instanceof AdministrativeDisconnect administrative) {
            disconnector.disconnect(connection, administrative.takenOver() ? MqttReasonCodes.Disconnect.SESSION_TAKEN_OVER
                    : MqttReasonCodes.Disconnect.ADMINISTRATIVE_ACTION, administrative.why());
            return;
        }
        if (event instanceof ServerShuttingDown) {
            disconnector.disconnect(connection, MqttReasonCodes.Disconnect.SERVER_SHUTTING_DOWN, "broker is shutting down");
            return;
        }
        if (event instanceof InvalidPacketEvent invalid) {
            if (invalid.mqtt5Connect() && connection.state() == Connection.State.AWAITING_CONNECT) {
                refuseMqtt5Connect(invalid);
                return;
            }
            disconnector.protocolError(connection, invalid.malformed() ? MqttReasonCodes.Disconnect.MALFORMED_PACKET
                    : MqttReasonCodes.Disconnect.PROTOCOL_ERROR, invalid.problem());
            return;
        }
        if (event instanceof PacketTooLargeEvent tooLarge) {
            disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PACKET_TOO_LARGE, "packet of "
                    + tooLarge.size() + " bytes is larger than mqtt.max-packet-size (" + tooLarge.limit() + ")");
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        heldWhileChecking.forEach(io.netty.util.ReferenceCountUtil::release);
        heldWhileChecking.clear();
        connection.cancelConnectTimeout();
        connection.closed();
        context.metrics().connectionClosed();
        Session session = connection.session();
        if (session != null) {
            context.clientDetails().disconnected(connection.clientIdForLog());
            Will will = connection.takeWill();
            DISCONNECTED.info("Client {} from {} disconnected{}", connection.clientIdForLog(),
                    connection.remoteAddress(), will == null ? "" : "; its will is for " + will.template().topic()
                            + (will.delaySeconds() > 0 ? " after " + will.delaySeconds() + "s" : ""));
            Message message = null;
            // The will is subject to the same authorization as any publish by its owner.
            if (will != null && connection.permissions().canPublish(will.template().topic())
                    && context.authorizer().canPublish(connection.identity(), will.template().topic())) {
                message = will.messageLostAt(System.currentTimeMillis());
            }
            if (message != null && will.delaySeconds() > 0) {
                context.sessions().closed(session, connection, message, will.delaySeconds());
            } else {
                context.sessions().closed(session, connection);
                if (message != null) {
                    context.router().publish(message);
                }
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String clientId = connection == null ? "-" : connection.clientIdForLog();
        String address = ClientAddress.of(ctx.channel());
        Throwable root = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null
                ? cause.getCause() : cause;
        if (root instanceof javax.net.ssl.SSLException) {
            // A client that cannot or may not complete the TLS handshake: an event, not a fault of ours.
            REFUSED.info("TLS handshake with {} failed: {}", address, root.getMessage());
        } else if (cause instanceof IOException) {
            LOG.debug("I/O error on connection of client {} from {}: {}", clientId, address, cause.toString());
        } else {
            LOG.warn("Unexpected error on connection of client {} from {}; closing it", clientId, address, cause);
        }
        ctx.close();
    }
}
