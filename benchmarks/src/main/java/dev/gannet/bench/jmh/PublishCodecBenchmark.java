package dev.gannet.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.ReferenceCountUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Encoding and decoding one QoS 1 PUBLISH with Netty's MQTT codec, as every connection does for
 * every message: {@code payloadBytes} of payload on a four-level topic.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PublishCodecBenchmark {

    @Param({"64", "1024"})
    public int payloadBytes;

    private EmbeddedChannel encoder;
    private EmbeddedChannel decoder;
    private byte[] payload;
    private ByteBuf encoded;

    @Setup(Level.Trial)
    public void channels() {
        encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        decoder = new EmbeddedChannel(new MqttDecoder(1_048_576));
        payload = new byte[payloadBytes];
        encoder.writeOutbound(publish());
        ByteBuf first = encoder.readOutbound();
        encoded = Unpooled.copiedBuffer(first);
        first.release();
    }

    @TearDown(Level.Trial)
    public void close() {
        encoded.release();
        encoder.finishAndReleaseAll();
        decoder.finishAndReleaseAll();
    }

    private MqttMessage publish() {
        return MqttMessageBuilders.publish().topicName("site/7/device/42/telemetry").qos(MqttQoS.AT_LEAST_ONCE)
                .messageId(17).payload(Unpooled.wrappedBuffer(payload)).build();
    }

    @Benchmark
    public int encode() {
        encoder.writeOutbound(publish());
        ByteBuf out = encoder.readOutbound();
        int size = out.readableBytes();
        out.release();
        return size;
    }

    @Benchmark
    public Object decode() {
        decoder.writeInbound(encoded.retainedDuplicate());
        Object message = decoder.readInbound();
        ReferenceCountUtil.release(message);
        return message;
    }
}
