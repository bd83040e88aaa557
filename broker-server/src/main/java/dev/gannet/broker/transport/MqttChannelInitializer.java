package dev.gannet.broker.transport;

import dev.gannet.broker.mqtt.BrokerContext;
import dev.gannet.broker.mqtt.MqttConnectionHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;

/**
 * The pipeline of a plain TCP MQTT connection: framer (size limit, raw checks), codec, connection handler.
 * Keep-alive is added by the connection handler once CONNECT names its interval.
 */
public final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {

    public static final String FRAMER = "mqttFramer";
    public static final String DECODER = "mqttDecoder";
    public static final String ENCODER = "mqttEncoder";

    /** MQTT 3.1 limits client ids to 23 characters; 3.1.1 and 5 leave it to the broker. */
    private static final int MQTT_3_1_MAX_CLIENT_ID_LENGTH = 23;

    public static final String TRACKER = "connectionTracker";

    private final BrokerContext context;
    private final ChannelHandler connectionTracker;

    /** {@code connectionTracker} is a sharable handler that sees every connection first (shutdown uses it). */
    public MqttChannelInitializer(BrokerContext context, ChannelHandler connectionTracker) {
        this.context = context;
        this.connectionTracker = connectionTracker;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        int maxPacketSize = context.config().mqtt().maxPacketSize();
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(TRACKER, connectionTracker);
        pipeline.addLast(FRAMER, new MqttFrameDecoder(maxPacketSize));
        pipeline.addLast(DECODER, new MqttDecoder(maxPacketSize, MQTT_3_1_MAX_CLIENT_ID_LENGTH));
        pipeline.addLast(ENCODER, MqttEncoder.INSTANCE);
        pipeline.addLast(MqttConnectionHandler.NAME, new MqttConnectionHandler(context));
    }
}
