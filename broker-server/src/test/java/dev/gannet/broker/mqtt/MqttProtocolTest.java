package dev.gannet.broker.mqtt;

import dev.gannet.broker.auth.Authenticator;
import dev.gannet.broker.auth.Authorizer;
import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.config.ConfigSource;
import dev.gannet.broker.metrics.BrokerMetrics;
import dev.gannet.broker.retain.RetainedMessages;
import dev.gannet.broker.routing.PublishRouter;
import dev.gannet.broker.session.SessionLimits;
import dev.gannet.broker.session.SessionRegistry;
import dev.gannet.broker.transport.PacketSizeGuard;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection state machine with raw bytes in and raw bytes out, through an EmbeddedChannel
 * built like the real pipeline. Packets are written in hex as the specification prints them.
 */
class MqttProtocolTest {

    private BrokerContext context;
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @BeforeEach
    void context() {
        BrokerConfig config = BrokerConfig.from(ConfigSource.of(Map.of("data.dir", "unused")));
        BrokerMetrics metrics = new BrokerMetrics();
        SessionRegistry sessions = new SessionRegistry(new SessionLimits(32, 100, config.session().queueOverflow()), metrics);
        RetainedMessages retained = new RetainedMessages();
        context = new BrokerContext(config, sessions, retained, new PublishRouter(sessions.topics(), retained, metrics),
                Authenticator.ALLOW_ANONYMOUS, Authorizer.ALLOW_ALL, metrics, () -> false);
    }

    @AfterEach
    void close() {
        for (EmbeddedChannel channel : channels) {
            channel.finishAndReleaseAll();
        }
        context.sessions().close();
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacketSizeGuard(1024), new MqttDecoder(1024, 23),
                MqttEncoder.INSTANCE, new MqttConnectionHandler(context));
        channels.add(channel);
        return channel;
    }

    /** Writes hex bytes in, runs pending tasks, and returns everything written back, as hex. */
    private static String exchange(EmbeddedChannel channel, String hexIn) {
        channel.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hexIn.replace(" ", ""))));
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(ByteBufUtil.hexDump(buf));
            buf.release();
        }
        return out.toString();
    }

    // CONNECT, MQTT 3.1.1, clean session, keep-alive 60, client id "c1"
    private static final String CONNECT_C1 = "10 0e 0004 4d515454 04 02 003c 0002 6331";
    private static final String CONNACK_OK = "20020000";

    @Test
    void connect_is_answered_with_connack_accepted() {
        assertThat(exchange(channel(), CONNECT_C1)).isEqualTo(CONNACK_OK);
    }

    @Test
    void a_resumed_persistent_session_is_announced_as_present() {
        String persistent = "10 0e 0004 4d515454 04 00 003c 0002 7031"; // CleanSession=0, id "p1"
        EmbeddedChannel first = channel();
        assertThat(exchange(first, persistent)).isEqualTo(CONNACK_OK);
        exchange(first, "e000"); // DISCONNECT
        assertThat(exchange(channel(), persistent)).isEqualTo("20020100");
    }

    @Test
    void an_unsupported_protocol_level_gets_0x01_and_the_connection_closes() {
        EmbeddedChannel channel = channel();
        assertThat(exchange(channel, "10 0e 0004 4d515454 07 02 003c 0002 6331")).isEqualTo("20020001");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void an_empty_client_id_without_clean_session_gets_0x02() {
        EmbeddedChannel channel = channel();
        assertThat(exchange(channel, "10 0c 0004 4d515454 04 00 003c 0000")).isEqualTo("20020002");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void publish_at_qos1_is_acknowledged_with_its_packet_id() {
        EmbeddedChannel channel = channel();
        exchange(channel, CONNECT_C1);
        // PUBLISH QoS 1, topic "a", packet id 7, payload "x"
        assertThat(exchange(channel, "32 06 0001 61 0007 78")).isEqualTo("40020007");
    }

    @Test
    void publish_at_qos2_runs_pubrec_pubrel_pubcomp_and_a_resend_is_routed_once() {
        EmbeddedChannel subscriber = channel();
        exchange(subscriber, "10 0e 0004 4d515454 04 02 003c 0002 7332");
        assertThat(exchange(subscriber, "82 06 0001 0001 61 00")).isEqualTo("9003000100"); // SUBSCRIBE "a" QoS 0
        EmbeddedChannel publisher = channel();
        exchange(publisher, CONNECT_C1);
        assertThat(exchange(publisher, "34 06 0001 61 0009 78")).isEqualTo("50020009");   // PUBREC
        assertThat(exchange(publisher, "3c 06 0001 61 0009 78")).isEqualTo("50020009");   // DUP resend: PUBREC again
        assertThat(exchange(publisher, "62 02 0009")).isEqualTo("70020009");              // PUBREL -> PUBCOMP
        subscriber.runPendingTasks();
        assertThat(exchange(subscriber, "")).as("delivered once, at QoS 0").isEqualTo("300400016178");
    }

    @Test
    void subscribe_grants_each_filter_and_pingreq_gets_pingresp() {
        EmbeddedChannel channel = channel();
        exchange(channel, CONNECT_C1);
        // SUBSCRIBE id 2: "a/+" QoS 2, "b" QoS 1
        assertThat(exchange(channel, "82 0c 0002 0003 612f2b 02 0001 62 01")).isEqualTo("900400020201");
        assertThat(exchange(channel, "c000")).isEqualTo("d000");
        // UNSUBSCRIBE id 3: "b"
        assertThat(exchange(channel, "a2 05 0003 0001 62")).isEqualTo("b0020003");
    }

    @Test
    void retained_messages_are_sent_after_suback_with_retain_set() {
        EmbeddedChannel publisher = channel();
        exchange(publisher, CONNECT_C1);
        exchange(publisher, "31 04 0001 61 78"); // retained PUBLISH QoS 0 "a" "x"
        EmbeddedChannel subscriber = channel();
        exchange(subscriber, "10 0e 0004 4d515454 04 02 003c 0002 7332");
        assertThat(exchange(subscriber, "82 06 0001 0001 61 00")).isEqualTo("9003000100" + "310400016178");
    }

    @Test
    void protocol_violations_close_without_a_reply() {
        String[] violations = {
                "c000",                                          // first packet not CONNECT
                "10 0e 0004 4d515454 04 03 003c 0002 6331",      // reserved CONNECT flag
                "10 0e 0004 4d515454 04 0a 003c 0002 6331",      // will QoS without will flag
                "10 10 0004 4d515454 04 42 003c 0002 6331 0000", // password without user name
        };
        for (String violation : violations) {
            EmbeddedChannel channel = channel();
            assertThat(exchange(channel, violation)).as(violation).isEmpty();
            assertThat(channel.isOpen()).as(violation).isFalse();
        }
        String[] afterConnect = {
                CONNECT_C1,                                      // second CONNECT
                "82 02 0001",                                    // SUBSCRIBE without filters
                "82 0a 0001 0005 612f232f62 00",                 // SUBSCRIBE "a/#/b"
                "82 06 0001 0001 61 04",                         // SUBSCRIBE with no-local bit in 3.1.1
                "30 03 0000 78",                                 // PUBLISH with an empty topic
                "30 05 0002 6100 78",                            // PUBLISH topic with U+0000
                "32 06 0001 61 0000 78",                         // QoS 1 PUBLISH with packet id 0
                "36 05 0001 61 0001",                            // PUBLISH with QoS bits 11
        };
        for (String violation : afterConnect) {
            EmbeddedChannel channel = channel();
            exchange(channel, CONNECT_C1);
            assertThat(exchange(channel, violation)).as(violation).isEmpty();
            assertThat(channel.isOpen()).as(violation).isFalse();
        }
    }

    @Test
    void disconnect_suppresses_the_will_and_an_abnormal_close_publishes_it() {
        EmbeddedChannel watcher = channel();
        exchange(watcher, "10 0e 0004 4d515454 04 02 003c 0002 7777");
        exchange(watcher, "82 06 0001 0001 77 00"); // SUBSCRIBE "w" QoS 0
        // CONNECT with will: topic "w", message "gone", QoS 0, client id "d1"
        String connectWithWill = "10 17 0004 4d515454 04 06 003c 0002 6431 0001 77 0004 676f6e65";
        EmbeddedChannel polite = channel();
        assertThat(exchange(polite, connectWithWill)).isEqualTo(CONNACK_OK);
        exchange(polite, "e000");
        assertThat(exchange(watcher, "")).isEmpty();

        EmbeddedChannel crashing = channel();
        assertThat(exchange(crashing, connectWithWill)).isEqualTo(CONNACK_OK);
        crashing.close();
        assertThat(exchange(watcher, "")).isEqualTo("3007000177676f6e65");
    }

    @Test
    void an_oversized_packet_closes_the_connection() {
        EmbeddedChannel channel = channel();
        exchange(channel, CONNECT_C1);
        assertThat(exchange(channel, "30 e807")).isEmpty(); // announces 1000 bytes: 1003 in all, within 1024
        assertThat(channel.isOpen()).isTrue();
        EmbeddedChannel big = channel();
        exchange(big, CONNECT_C1);
        assertThat(exchange(big, "30 8010")).isEmpty(); // announces 2048 bytes
        assertThat(big.isOpen()).isFalse();
    }
}
