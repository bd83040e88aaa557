package dev.gannet.broker.mqtt;

import dev.gannet.broker.auth.Authenticator;
import dev.gannet.broker.auth.Authorizer;
import dev.gannet.broker.auth.ClientIdentity;
import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.config.ConfigSource;
import dev.gannet.broker.metrics.BrokerMetrics;
import dev.gannet.broker.retain.RetainedMessages;
import dev.gannet.broker.routing.PublishRouter;
import dev.gannet.broker.session.ClientType;
import dev.gannet.broker.session.SessionLimits;
import dev.gannet.broker.session.SessionRegistry;
import dev.gannet.broker.transport.MqttChannelInitializer;
import dev.gannet.broker.transport.MqttFrameDecoder;
import dev.gannet.model.topic.TopicFilter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.gannet.broker.mqtt.MqttBytes.CLEAN_SESSION;
import static dev.gannet.broker.mqtt.MqttBytes.DISCONNECT;
import static dev.gannet.broker.mqtt.MqttBytes.PASSWORD;
import static dev.gannet.broker.mqtt.MqttBytes.PINGREQ;
import static dev.gannet.broker.mqtt.MqttBytes.USERNAME;
import static dev.gannet.broker.mqtt.MqttBytes.WILL;
import static dev.gannet.broker.mqtt.MqttBytes.WILL_QOS_1;
import static dev.gannet.broker.mqtt.MqttBytes.WILL_RETAIN;
import static dev.gannet.broker.mqtt.MqttBytes.bytes;
import static dev.gannet.broker.mqtt.MqttBytes.connect;
import static dev.gannet.broker.mqtt.MqttBytes.connectWithWill;
import static dev.gannet.broker.mqtt.MqttBytes.hex;
import static dev.gannet.broker.mqtt.MqttBytes.packet;
import static dev.gannet.broker.mqtt.MqttBytes.puback;
import static dev.gannet.broker.mqtt.MqttBytes.pubcomp;
import static dev.gannet.broker.mqtt.MqttBytes.publish;
import static dev.gannet.broker.mqtt.MqttBytes.pubrec;
import static dev.gannet.broker.mqtt.MqttBytes.pubrel;
import static dev.gannet.broker.mqtt.MqttBytes.send;
import static dev.gannet.broker.mqtt.MqttBytes.str;
import static dev.gannet.broker.mqtt.MqttBytes.subscribe;
import static dev.gannet.broker.mqtt.MqttBytes.u16;
import static dev.gannet.broker.mqtt.MqttBytes.unsubscribe;
import static dev.gannet.broker.mqtt.MqttBytes.written;
import static org.assertj.core.api.Assertions.assertThat;

/** The MQTT 3.1.1 state machine, byte for byte, through the real pipeline on embedded channels. */
class MqttProtocolTest {

    private static final String CONNACK_ACCEPTED = "20 02 00 00";

    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private BrokerContext context = context(Map.of(), Authorizer.ALLOW_ALL);

    private static BrokerContext context(Map<String, String> settings, Authorizer authorizer) {
        BrokerConfig config = BrokerConfig.from(ConfigSource.of(new HashMap<>(settings)));
        BrokerMetrics metrics = new BrokerMetrics();
        SessionRegistry registry = new SessionRegistry(SessionLimits.of(config.session(), ClientType.DEVICE), metrics);
        RetainedMessages retained = new RetainedMessages();
        PublishRouter router = new PublishRouter(registry.topics(), retained, metrics);
        return new BrokerContext(config, registry, retained, router, Authenticator.ALLOW_ANONYMOUS, authorizer, metrics,
                () -> false);
    }

    /** A new connection with the pipeline {@link MqttChannelInitializer} builds. */
    private EmbeddedChannel client() {
        BrokerContext ctx = context;
        int maxPacketSize = ctx.config().mqtt().maxPacketSize();
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(MqttChannelInitializer.FRAMER, new MqttFrameDecoder(maxPacketSize));
                ch.pipeline().addLast(MqttChannelInitializer.DECODER, new MqttDecoder(maxPacketSize, 23));
                ch.pipeline().addLast(MqttChannelInitializer.ENCODER, MqttEncoder.INSTANCE);
                ch.pipeline().addLast(MqttConnectionHandler.NAME, new MqttConnectionHandler(ctx));
            }
        });
        channels.add(channel);
        return channel;
    }

    /** A client connected with CleanSession=1 and the given id. */
    private EmbeddedChannel connected(String clientId) {
        EmbeddedChannel channel = client();
        send(channel, connect(clientId, true));
        assertThat(written(channel)).isEqualTo(CONNACK_ACCEPTED);
        return channel;
    }

    private EmbeddedChannel subscribed(String clientId, String filter, int qos) {
        EmbeddedChannel channel = connected(clientId);
        send(channel, subscribe(1, filter, qos));
        assertThat(written(channel)).isEqualTo("90 03 00 01 0" + qos);
        return channel;
    }

    /** Runs the session deliveries scheduled on {@code channel}'s event loop, then returns what was written. */
    private static String delivered(EmbeddedChannel channel) {
        channel.runPendingTasks();
        return written(channel);
    }

    private static void assertClosedWithoutReply(EmbeddedChannel channel) {
        channel.runPendingTasks();
        assertThat(written(channel)).as("bytes written before closing").isEmpty();
        assertThat(channel.isOpen()).as("channel open").isFalse();
    }

    @AfterEach
    void closeChannels() {
        for (EmbeddedChannel channel : channels) {
            channel.finishAndReleaseAll();
        }
    }

    // ---- CONNECT ----------------------------------------------------------------------------

    @Test
    void connect_with_clean_session_is_accepted_without_session_present() {
        EmbeddedChannel channel = client();

        send(channel, connect("c1", true));

        assertThat(written(channel)).isEqualTo("20 02 00 00");
        assertThat(channel.isOpen()).isTrue();
        assertThat(context.sessions().get("c1")).isNotNull();
    }

    @Test
    void reconnecting_to_a_persistent_session_reports_session_present() {
        EmbeddedChannel first = client();
        send(first, connect("p1", false));
        assertThat(written(first)).isEqualTo("20 02 00 00");
        send(first, DISCONNECT);
        assertThat(first.isOpen()).isFalse();

        EmbeddedChannel second = client();
        send(second, connect("p1", false));

        assertThat(written(second)).isEqualTo("20 02 01 00");
    }

    @Test
    void clean_session_discards_a_persistent_session() {
        EmbeddedChannel first = client();
        send(first, connect("p1", false));
        written(first);
        send(first, DISCONNECT);

        EmbeddedChannel second = client();
        send(second, connect("p1", true));

        assertThat(written(second)).isEqualTo("20 02 00 00");
    }

    @Test
    void mqtt_3_1_connect_is_accepted_and_never_reports_session_present() {
        EmbeddedChannel first = client();
        send(first, connect("MQIsdp", 3, 0, "old"));
        assertThat(written(first)).isEqualTo("20 02 00 00");
        send(first, DISCONNECT);

        EmbeddedChannel second = client();
        send(second, connect("MQIsdp", 3, 0, "old"));

        assertThat(written(second)).isEqualTo("20 02 00 00");
    }

    @Test
    void unsupported_protocol_level_is_refused_with_0x01_and_closed() {
        EmbeddedChannel channel = client();

        send(channel, connect("MQTT", 6, CLEAN_SESSION, "c1"));
        channel.runPendingTasks();

        assertThat(written(channel)).isEqualTo("20 02 00 01");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void empty_client_id_with_clean_session_0_is_refused_with_0x02() {
        EmbeddedChannel channel = client();

        send(channel, connect("", false));
        channel.runPendingTasks();

        assertThat(written(channel)).isEqualTo("20 02 00 02");
        assertThat(channel.isOpen()).isFalse();
        assertThat(context.sessions().size()).isZero();
    }

    @Test
    void empty_client_id_with_clean_session_1_is_assigned_an_id() {
        EmbeddedChannel channel = client();

        send(channel, connect("", true));

        assertThat(written(channel)).isEqualTo("20 02 00 00");
        assertThat(context.sessions().all()).singleElement()
                .satisfies(s -> assertThat(s.clientId()).startsWith("gannet-"));
    }

    @Test
    void empty_client_id_is_refused_when_configuration_forbids_it() {
        context = context(Map.of("mqtt.allow-empty-client-id", "false"), Authorizer.ALLOW_ALL);
        EmbeddedChannel channel = client();

        send(channel, connect("", true));
        channel.runPendingTasks();

        assertThat(written(channel)).isEqualTo("20 02 00 02");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void subscribe_with_the_highest_reserved_option_bit_set_closes_the_connection() {
        EmbeddedChannel channel = connected("c1");

        send(channel, subscribe(1, "a", 0x81));

        assertClosedWithoutReply(channel);
    }

    @Test
    void mqtt_5_connect_is_accepted_with_connack_properties_describing_the_broker() {
        EmbeddedChannel channel = client();

        // MQTT 5 CONNECT: level 5, then an empty property list before the client id.
        send(channel, packet(0x10, str("MQTT"), bytes(5, CLEAN_SESSION), u16(0), bytes(0), str("v5")));
        channel.runPendingTasks();

        // An MQTT 5 CONNACK: flags 00, reason 00, 19 bytes of properties: receive maximum 1000 (21),
        // topic alias maximum 16 (22), retain available (25), maximum packet size 1 MiB (27),
        // wildcard (28), subscription identifier (29) and shared subscription (2a) available.
        assertThat(written(channel)).isEqualTo("20 16 00 00 13 21 03 e8 22 00 10 25 01 27 00 10 00 00 28 01 29 01 2a 01");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void connect_with_user_name_and_password_is_accepted() {
        EmbeddedChannel channel = client();

        send(channel, connect("MQTT", 4, CLEAN_SESSION | USERNAME | PASSWORD, "c1", str("user"), str("secret")));

        assertThat(written(channel)).isEqualTo(CONNACK_ACCEPTED);
    }

    @Test
    void first_packet_other_than_connect_closes_the_connection() {
        EmbeddedChannel channel = client();

        send(channel, PINGREQ);

        assertClosedWithoutReply(channel);
    }

    @Test
    void first_packet_publish_closes_the_connection() {
        EmbeddedChannel channel = client();

        send(channel, publish(0, "a", 0, "x"));

        assertClosedWithoutReply(channel);
    }

    @Test
    void a_second_connect_closes_the_connection() {
        EmbeddedChannel channel = connected("c1");

        send(channel, connect("c1", true));

        assertClosedWithoutReply(channel);
    }

    @Test
    void connect_with_the_reserved_flag_bit_set_closes_without_connack() {
        EmbeddedChannel channel = client();

        send(channel, connect("MQTT", 4, CLEAN_SESSION | 0x01, "c1"));

        assertClosedWithoutReply(channel);
    }

    @Test
    void connect_with_will_qos_but_no_will_flag_closes_without_connack() {
        EmbeddedChannel channel = client();

        send(channel, connect("MQTT", 4, CLEAN_SESSION | WILL_QOS_1, "c1"));

        assertClosedWithoutReply(channel);
    }

    @Test
    void connect_with_will_retain_but_no_will_flag_closes_without_connack() {
        EmbeddedChannel channel = client();

        send(channel, connect("MQTT", 4, CLEAN_SESSION | WILL_RETAIN, "c1"));

        assertClosedWithoutReply(channel);
    }

    @Test
    void connect_with_will_qos_3_closes_without_connack() {
        EmbeddedChannel channel = client();

        send(channel, connect("MQTT", 4, CLEAN_SESSION | WILL | 0x18, "c1", str("w"), str("m")));

        assertClosedWithoutReply(channel);
    }

    @Test
    void connect_with_a_wildcard_will_topic_closes_without_connack() {
        EmbeddedChannel channel = client();

        send(channel, connect("MQTT", 4, CLEAN_SESSION | WILL, "c1", str("w/#"), str("m")));

        assertClosedWithoutReply(channel);
    }

    @Test
    void connect_with_password_but_no_user_name_closes_without_connack() {
        EmbeddedChannel channel = client();

        send(channel, connect("MQTT", 4, CLEAN_SESSION | PASSWORD, "c1", str("secret")));

        assertClosedWithoutReply(channel);
    }

    @Test
    void a_second_connection_with_the_same_client_id_takes_over_the_first() {
        EmbeddedChannel first = connected("same");

        EmbeddedChannel second = client();
        send(second, connect("same", true));
        first.runPendingTasks();

        assertThat(written(second)).isEqualTo(CONNACK_ACCEPTED);
        assertThat(first.isOpen()).isFalse();
        assertThat(second.isOpen()).isTrue();
    }

    // ---- PINGREQ, SUBSCRIBE, UNSUBSCRIBE ------------------------------------------------------

    @Test
    void pingreq_is_answered_with_pingresp() {
        EmbeddedChannel channel = connected("c1");

        send(channel, PINGREQ);

        assertThat(written(channel)).isEqualTo("d0 00");
    }

    @Test
    void suback_lists_the_granted_qos_of_each_filter_in_order() {
        EmbeddedChannel channel = connected("c1");

        send(channel, subscribe(0x0a, "a/b", 0, "c/+", 1, "d/#", 2));

        assertThat(written(channel)).isEqualTo("90 05 00 0a 00 01 02");
        assertThat(context.sessions().topics().all()).hasSize(3);
    }

    @Test
    void suback_grants_at_most_the_configured_maximum_qos() {
        context = context(Map.of("mqtt.max-qos", "1"), Authorizer.ALLOW_ALL);
        EmbeddedChannel channel = connected("c1");

        send(channel, subscribe(2, "a", 2, "b", 0));

        assertThat(written(channel)).isEqualTo("90 04 00 02 01 00");
    }

    @Test
    void a_denied_filter_gets_0x80_and_the_others_are_granted() {
        context = context(Map.of(), new Authorizer() {
            @Override
            public boolean canPublish(ClientIdentity client, String topic) {
                return true;
            }

            @Override
            public boolean canSubscribe(ClientIdentity client, TopicFilter filter) {
                return !filter.filter().startsWith("secret");
            }
        });
        EmbeddedChannel channel = connected("c1");

        send(channel, subscribe(3, "open/#", 1, "secret/#", 1, "open2", 2));

        assertThat(written(channel)).isEqualTo("90 05 00 03 01 80 02");
        assertThat(context.sessions().topics().all()).extracting(s -> s.filter().raw())
                .containsExactlyInAnyOrder("open/#", "open2");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void shared_subscriptions_get_0x80_when_disabled() {
        context = context(Map.of("mqtt.shared-subscriptions-enabled", "false"), Authorizer.ALLOW_ALL);
        EmbeddedChannel channel = connected("c1");

        send(channel, subscribe(4, "$share/g/a", 1, "a", 1));

        assertThat(written(channel)).isEqualTo("90 04 00 04 80 01");
    }

    @Test
    void subscribe_without_filters_closes_the_connection() {
        EmbeddedChannel channel = connected("c1");

        send(channel, packet(0x82, u16(1)));

        assertClosedWithoutReply(channel);
    }

    @Test
    void subscribe_with_an_invalid_filter_closes_the_connection() {
        EmbeddedChannel channel = connected("c1");

        send(channel, subscribe(1, "ok", 0, "a/#/b", 0));

        assertClosedWithoutReply(channel);
        assertThat(context.sessions().topics().isEmpty()).isTrue();
    }

    @Test
    void subscribe_with_reserved_option_bits_set_closes_the_connection() {
        EmbeddedChannel channel = connected("c1");

        send(channel, subscribe(1, "a", 0x04)); // bit 2: "no local" in MQTT 5, reserved in 3.1.1

        assertClosedWithoutReply(channel);
    }

    @Test
    void subscribe_with_qos_3_closes_the_connection() {
        EmbeddedChannel channel = connected("c1");

        send(channel, subscribe(1, "a", 0x03));

        assertClosedWithoutReply(channel);
    }

    @Test
    void unsubscribe_is_answered_with_unsuback_and_stops_delivery() {
        EmbeddedChannel subscriber = subscribed("sub", "a/+", 0);
        EmbeddedChannel publisher = connected("pub");

        send(subscriber, unsubscribe(0x0b, "a/+"));
        assertThat(written(subscriber)).isEqualTo("b0 02 00 0b");
        send(publisher, publish(0, "a/b", 0, "x"));

        assertThat(delivered(subscriber)).isEmpty();
        assertThat(context.sessions().topics().isEmpty()).isTrue();
    }

    @Test
    void unsubscribe_from_an_unknown_filter_is_still_acknowledged() {
        EmbeddedChannel channel = connected("c1");

        send(channel, unsubscribe(9, "never/subscribed"));

        assertThat(written(channel)).isEqualTo("b0 02 00 09");
    }

    @Test
    void unsubscribe_with_an_invalid_filter_closes_the_connection() {
        EmbeddedChannel channel = connected("c1");

        send(channel, unsubscribe(9, "a/#/b"));

        assertClosedWithoutReply(channel);
    }

    // ---- PUBLISH -------------------------------------------------------------------------------

    @Test
    void qos0_publish_is_delivered_to_a_subscriber_and_not_acknowledged() {
        EmbeddedChannel subscriber = subscribed("sub", "a/+", 1);
        EmbeddedChannel publisher = connected("pub");

        send(publisher, publish(0, "a/b", 0, "hi"));

        assertThat(written(publisher)).isEmpty();
        assertThat(delivered(subscriber)).isEqualTo("30 07 00 03 61 2f 62 68 69");
    }

    @Test
    void qos1_publish_is_acknowledged_with_puback_and_delivered_with_a_packet_id() {
        EmbeddedChannel subscriber = subscribed("sub", "a/#", 1);
        EmbeddedChannel publisher = connected("pub");

        send(publisher, publish(1, "a/b", 1, "hi"));

        assertThat(written(publisher)).isEqualTo("40 02 00 01");
        assertThat(delivered(subscriber)).isEqualTo("32 09 00 03 61 2f 62 00 01 68 69");
        send(subscriber, puback(1));
        assertThat(context.sessions().get("sub").inflightCount()).isZero();
    }

    @Test
    void delivery_qos_is_the_lower_of_published_and_granted() {
        EmbeddedChannel subscriber = subscribed("sub", "t", 0);
        EmbeddedChannel publisher = connected("pub");

        send(publisher, publish(2, "t", 1, "x"));

        assertThat(written(publisher)).isEqualTo("50 02 00 01");
        assertThat(delivered(subscriber)).isEqualTo(hex(publish(0, "t", 0, "x")));
    }

    @Test
    void overlapping_subscriptions_are_delivered_once_at_the_highest_qos() {
        EmbeddedChannel subscriber = connected("sub");
        send(subscriber, subscribe(1, "a/+", 0, "a/#", 2, "#", 1));
        assertThat(written(subscriber)).isEqualTo("90 05 00 01 00 02 01");
        EmbeddedChannel publisher = connected("pub");

        send(publisher, publish(2, "a/b", 5, "x"));

        assertThat(delivered(subscriber)).isEqualTo(hex(publish(2, "a/b", 1, "x")));
    }

    @Test
    void qos2_publish_is_acknowledged_with_pubrec_and_pubrel_with_pubcomp() {
        EmbeddedChannel publisher = connected("pub");

        send(publisher, publish(2, "t", 0x1234, "x"));
        assertThat(written(publisher)).isEqualTo("50 02 12 34");

        send(publisher, pubrel(0x1234));
        assertThat(written(publisher)).isEqualTo("70 02 12 34");
    }

    @Test
    void pubrel_for_an_unknown_packet_id_is_answered_with_pubcomp() {
        EmbeddedChannel publisher = connected("pub");

        send(publisher, pubrel(77));

        assertThat(written(publisher)).isEqualTo("70 02 00 4d");
    }

    @Test
    void qos2_publish_resent_before_pubrel_is_routed_once() {
        EmbeddedChannel subscriber = subscribed("sub", "t", 2);
        EmbeddedChannel publisher = connected("pub");

        send(publisher, publish(2, "t", 7, "x"));
        assertThat(written(publisher)).isEqualTo("50 02 00 07");
        assertThat(delivered(subscriber)).isEqualTo(hex(publish(2, "t", 1, "x")));

        send(publisher, publish(2, false, true, "t", 7, "x"));
        assertThat(written(publisher)).isEqualTo("50 02 00 07");
        assertThat(delivered(subscriber)).as("the re-sent PUBLISH is not routed again").isEmpty();

        send(publisher, pubrel(7));
        assertThat(written(publisher)).isEqualTo("70 02 00 07");

        send(publisher, publish(2, "t", 7, "y"));
        assertThat(written(publisher)).isEqualTo("50 02 00 07");
        assertThat(delivered(subscriber)).as("after PUBREL the id starts a new message")
                .isEqualTo(hex(publish(2, "t", 2, "y")));
    }

    @Test
    void qos2_delivery_to_a_subscriber_completes_with_pubrec_pubrel_pubcomp() {
        EmbeddedChannel subscriber = subscribed("sub", "t", 2);
        EmbeddedChannel publisher = connected("pub");
        send(publisher, publish(2, "t", 1, "x"));
        assertThat(delivered(subscriber)).isEqualTo(hex(publish(2, "t", 1, "x")));

        send(subscriber, pubrec(1));
        assertThat(written(subscriber)).isEqualTo("62 02 00 01");

        send(subscriber, pubcomp(1));
        assertThat(written(subscriber)).isEmpty();
        assertThat(context.sessions().get("sub").inflightCount()).isZero();
    }

    @Test
    void pubrec_for_an_unknown_packet_id_is_ignored() {
        EmbeddedChannel channel = connected("c1");

        send(channel, pubrec(5));

        assertThat(written(channel)).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void a_retained_message_is_sent_with_retain_set_to_a_new_subscriber_after_suback() {
        EmbeddedChannel publisher = connected("pub");
        send(publisher, publish(1, true, false, "r/t", 1, "v"));
        assertThat(written(publisher)).isEqualTo("40 02 00 01");
        EmbeddedChannel subscriber = connected("sub");

        send(subscriber, subscribe(2, "r/#", 1));

        assertThat(delivered(subscriber)).isEqualTo("90 03 00 02 01 " + hex(publish(1, true, false, "r/t", 1, "v")));
    }

    @Test
    void a_retained_publish_with_an_empty_payload_clears_the_retained_message() {
        EmbeddedChannel publisher = connected("pub");
        send(publisher, publish(0, true, false, "r/t", 0, "v"));
        assertThat(context.retained().size()).isEqualTo(1);

        send(publisher, publish(0, true, false, "r/t", 0, ""));

        assertThat(context.retained().size()).isZero();
        EmbeddedChannel subscriber = connected("sub");
        send(subscriber, subscribe(2, "r/#", 1));
        assertThat(delivered(subscriber)).isEqualTo("90 03 00 02 01");
    }

    @Test
    void messages_to_existing_subscribers_have_retain_cleared() {
        EmbeddedChannel subscriber = subscribed("sub", "r/t", 0);
        EmbeddedChannel publisher = connected("pub");

        send(publisher, publish(0, true, false, "r/t", 0, "v"));

        assertThat(delivered(subscriber)).isEqualTo(hex(publish(0, "r/t", 0, "v")));
    }

    @Test
    void a_persistent_session_receives_qos1_messages_published_while_it_was_offline() {
        EmbeddedChannel first = client();
        send(first, connect("p1", false));
        written(first);
        send(first, subscribe(1, "t", 1));
        assertThat(written(first)).isEqualTo("90 03 00 01 01");
        send(first, DISCONNECT);
        EmbeddedChannel publisher = connected("pub");
        send(publisher, publish(1, "t", 1, "kept"));
        send(publisher, publish(0, "t", 0, "dropped"));

        EmbeddedChannel second = client();
        send(second, connect("p1", false));

        assertThat(delivered(second)).isEqualTo("20 02 01 00 " + hex(publish(1, "t", 1, "kept")));
    }

    @Test
    void unacknowledged_qos1_delivery_is_resent_with_dup_on_reconnect() {
        EmbeddedChannel first = client();
        send(first, connect("p1", false));
        written(first);
        send(first, subscribe(1, "t", 1));
        written(first);
        EmbeddedChannel publisher = connected("pub");
        send(publisher, publish(1, "t", 1, "x"));
        assertThat(delivered(first)).isEqualTo(hex(publish(1, "t", 1, "x")));
        first.close();

        EmbeddedChannel second = client();
        send(second, connect("p1", false));

        assertThat(delivered(second)).isEqualTo("20 02 01 00 " + hex(publish(1, false, true, "t", 1, "x")));
    }

    @Test
    void publish_with_an_empty_topic_closes_the_connection() {
        EmbeddedChannel channel = connected("c1");

        send(channel, publish(1, "", 1, "x"));

        assertClosedWithoutReply(channel);
    }

    @Test
    void publish_with_qos_bits_3_closes_the_connection() {
        EmbeddedChannel channel = connected("c1");

        send(channel, packet(0x36, str("t"), u16(1), bytes('x')));

        assertClosedWithoutReply(channel);
    }

    @Test
    void publish_with_a_null_character_in_the_topic_closes_the_connection() {
        EmbeddedChannel subscriber = subscribed("sub", "#", 0);
        EmbeddedChannel channel = connected("c1");

        send(channel, publish(1, "a\u0000b", 1, "x"));

        assertClosedWithoutReply(channel);
        assertThat(delivered(subscriber)).isEmpty();
    }

    @Test
    void publish_with_a_wildcard_in_the_topic_closes_the_connection() {
        EmbeddedChannel channel = connected("c1");

        send(channel, publish(0, "a/+", 0, "x"));

        assertClosedWithoutReply(channel);
    }

    @Test
    void qos1_publish_with_packet_id_0_closes_the_connection() {
        EmbeddedChannel channel = connected("c1");

        send(channel, publish(1, "t", 0, "x"));

        assertClosedWithoutReply(channel);
    }

    @Test
    void a_packet_larger_than_the_maximum_closes_the_connection() {
        context = context(Map.of("mqtt.max-packet-size", "64"), Authorizer.ALLOW_ALL);
        EmbeddedChannel channel = connected("c1");

        send(channel, publish(1, "t", 1, "x".repeat(100)));

        assertClosedWithoutReply(channel);
    }

    @Test
    void a_denied_publish_is_acknowledged_but_not_routed() {
        context = context(Map.of(), new Authorizer() {
            @Override
            public boolean canPublish(ClientIdentity client, String topic) {
                return !topic.startsWith("secret");
            }

            @Override
            public boolean canSubscribe(ClientIdentity client, TopicFilter filter) {
                return true;
            }
        });
        EmbeddedChannel subscriber = subscribed("sub", "#", 1);
        EmbeddedChannel publisher = connected("pub");

        send(publisher, publish(1, "secret/x", 3, "x"));

        assertThat(written(publisher)).isEqualTo("40 02 00 03");
        assertThat(delivered(subscriber)).isEmpty();
    }

    // ---- will ----------------------------------------------------------------------------------

    @Test
    void an_abnormal_close_publishes_the_will() {
        EmbeddedChannel subscriber = subscribed("sub", "will/#", 1);
        EmbeddedChannel client = client();
        send(client, connectWithWill("dying", "will/dying", "bye", 1));
        assertThat(written(client)).isEqualTo(CONNACK_ACCEPTED);

        client.close();

        assertThat(delivered(subscriber)).isEqualTo(hex(publish(1, "will/dying", 1, "bye")));
    }

    @Test
    void disconnect_suppresses_the_will() {
        EmbeddedChannel subscriber = subscribed("sub", "will/#", 1);
        EmbeddedChannel client = client();
        send(client, connectWithWill("leaving", "will/leaving", "bye", 1));
        written(client);

        send(client, DISCONNECT);

        assertThat(client.isOpen()).isFalse();
        assertThat(delivered(subscriber)).isEmpty();
    }

    @Test
    void a_protocol_error_publishes_the_will() {
        EmbeddedChannel subscriber = subscribed("sub", "will/#", 0);
        EmbeddedChannel client = client();
        send(client, connectWithWill("broken", "will/broken", "bye", 0));
        written(client);

        send(client, subscribe(1, "a/#/b", 0));
        client.runPendingTasks();

        assertThat(client.isOpen()).isFalse();
        assertThat(delivered(subscriber)).isEqualTo(hex(publish(0, "will/broken", 0, "bye")));
    }

    @Test
    void a_taken_over_connection_publishes_its_will() {
        EmbeddedChannel subscriber = subscribed("sub", "will/#", 0);
        EmbeddedChannel first = client();
        send(first, connectWithWill("same", "will/same", "bye", 0));
        written(first);

        EmbeddedChannel second = client();
        send(second, connect("same", true));
        first.runPendingTasks();

        assertThat(first.isOpen()).isFalse();
        assertThat(delivered(subscriber)).isEqualTo(hex(publish(0, "will/same", 0, "bye")));
    }

    @Test
    void a_retained_will_is_kept_as_the_retained_message() {
        EmbeddedChannel client = client();
        send(client, connect("MQTT", 4, CLEAN_SESSION | WILL | WILL_RETAIN, "c1", str("will/c1"), str("gone")));
        written(client);

        client.close();

        assertThat(context.retained().get("will/c1")).isNotNull();
        assertThat(new String(context.retained().get("will/c1").payload())).isEqualTo("gone");
    }

    @Test
    void a_clean_session_ends_with_its_connection() {
        EmbeddedChannel channel = subscribed("c1", "a", 1);

        channel.close();

        assertThat(context.sessions().get("c1")).isNull();
        assertThat(context.sessions().topics().isEmpty()).isTrue();
    }
}
