package dev.gannet.broker.transport;

import dev.gannet.broker.mqtt.BrokerContext;
import dev.gannet.broker.mqtt.MqttConnectionHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;

/**
 * The pipeline of an MQTT connection: the PROXY protocol header when configured, the transport's own layers (TLS; HTTP upgrade and WebSocket
 * frames), then the same MQTT handlers for every transport: framer (size limit, raw checks), codec,
 * connection handler. Keep-alive is added by the connection handler once CONNECT names its interval.
 */
public final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {

    public static final String TRACKER = "connectionTracker";
    public static final String PROXY_GUARD = "proxyGuard";
    public static final String PROXY_PROTOCOL = "proxyProtocol";
    public static final String PROXY_ADDRESS = "proxyAddress";
    public static final String FORWARDED_FOR = "forwardedFor";
    public static final String TLS = "tls";
    public static final String HTTP = "http";
    public static final String HTTP_AGGREGATOR = "httpAggregator";
    public static final String WEBSOCKET = "webSocket";
    public static final String WEBSOCKET_UNWRAP = "webSocketUnwrap";
    public static final String WEBSOCKET_WRAP = "webSocketWrap";
    public static final String FRAMER = "mqttFramer";
    public static final String DECODER = "mqttDecoder";
    public static final String ENCODER = "mqttEncoder";

    /** MQTT 3.1 limits client ids to 23 characters; 3.1.1 and 5 leave it to the broker. */
    private static final int MQTT_3_1_MAX_CLIENT_ID_LENGTH = 23;
    /** The subprotocols MQTT clients ask for: "mqtt" (3.1.1 and 5) and "mqttv3.1". */
    private static final String SUBPROTOCOLS = "mqtt,mqttv3.1";

    private final BrokerContext context;
    private final ChannelHandler connectionTracker;
    private final Transport transport;
    private final SslContext sslContext;

    /** A plain TCP initializer. */
    public MqttChannelInitializer(BrokerContext context, ChannelHandler connectionTracker) {
        this(context, connectionTracker, Transport.TCP, null);
    }

    /**
     * @param connectionTracker a sharable handler that sees every connection first (shutdown uses it)
     * @param sslContext        for {@link Transport#TLS} and {@link Transport#WSS}; null otherwise
     */
    public MqttChannelInitializer(BrokerContext context, ChannelHandler connectionTracker, Transport transport,
                                  SslContext sslContext) {
        this.context = context;
        this.connectionTracker = connectionTracker;
        this.transport = transport;
        this.sslContext = sslContext;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        int maxPacketSize = context.config().mqtt().maxPacketSize();
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(TRACKER, connectionTracker);
        if (context.config().listeners().proxyProtocol()) {
            // the balancer's header comes before anything else, TLS included
            pipeline.addLast(PROXY_GUARD, new ProxyProtocolGuard());
            pipeline.addLast(PROXY_PROTOCOL, new HAProxyMessageDecoder());
            pipeline.addLast(PROXY_ADDRESS, new ProxyProtocolAddress());
        }
        if (transport.encrypted()) {
            pipeline.addLast(TLS, sslContext.newHandler(channel.alloc()));
        }
        if (transport.webSocket()) {
            pipeline.addLast(HTTP, new HttpServerCodec());
            pipeline.addLast(HTTP_AGGREGATOR, new HttpObjectAggregator(64 * 1024));
            pipeline.addLast(WEBSOCKET, new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath(context.config().listeners().wsPath())
                    .subprotocols(SUBPROTOCOLS)
                    .maxFramePayloadLength(maxPacketSize)
                    .checkStartsWith(false)
                    .build()));
            if (context.config().listeners().wsTrustForwardedFor()) {
                pipeline.addLast(FORWARDED_FOR, ForwardedForAddress.INSTANCE);
            }
            pipeline.addLast(WEBSOCKET_UNWRAP, WebSocketFrames.Unwrap.INSTANCE);
            pipeline.addLast(WEBSOCKET_WRAP, WebSocketFrames.Wrap.INSTANCE);
        }
        pipeline.addLast(FRAMER, new MqttFrameDecoder(maxPacketSize));
        pipeline.addLast(DECODER, new MqttDecoder(maxPacketSize, MQTT_3_1_MAX_CLIENT_ID_LENGTH));
        pipeline.addLast(ENCODER, MqttEncoder.INSTANCE);
        pipeline.addLast(MqttConnectionHandler.NAME, new MqttConnectionHandler(context));
    }
}
