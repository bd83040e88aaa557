package dev.gannet.broker.session;

import dev.gannet.broker.config.QueueOverflowPolicy;
import dev.gannet.broker.message.Message;
import dev.gannet.broker.metrics.BrokerMetrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** The session's delivery rules, with a channel that records what would be written. */
class SessionTest {

    /** Records writes; runs scheduled work at once, as if already on the event loop. */
    static final class RecordingChannel implements ClientChannel {
        final List<String> writes = new ArrayList<>();
        boolean writable = true;
        int receiveMaximum = 65_535;

        @Override
        public Executor executor() {
            return Runnable::run;
        }

        @Override
        public boolean isWritable() {
            return writable;
        }

        @Override
        public int receiveMaximum() {
            return receiveMaximum;
        }

        @Override
        public void writePublish(int packetId, Delivery delivery, boolean duplicate) {
            writes.add("PUBLISH " + new String(delivery.message().payload()) + " id=" + packetId + (duplicate ? " dup" : ""));
        }

        @Override
        public void writePubrel(int packetId) {
            writes.add("PUBREL id=" + packetId);
        }

        @Override
        public void flush() {
        }
    }

    private final BrokerMetrics metrics = new BrokerMetrics();

    private Session session(int maxInflight, int maxQueued, QueueOverflowPolicy policy, boolean persistent) {
        return new Session("c", persistent, new SessionLimits(maxInflight, maxQueued, policy), metrics);
    }

    private static Delivery delivery(String payload, int qos) {
        return new Delivery(new Message("t", payload.getBytes(), qos, false, "p", 0), qos, false);
    }

    private static RecordingChannel attach(Session session) {
        RecordingChannel channel = new RecordingChannel();
        session.claim(channel);
        assertThat(session.attach(channel)).isTrue();
        return channel;
    }

    @Test
    void the_in_flight_window_bounds_qos1_and_2_but_not_qos0() {
        Session session = session(2, 100, QueueOverflowPolicy.DROP_OLDEST, false);
        RecordingChannel channel = attach(session);
        session.deliver(delivery("a", 1));
        session.deliver(delivery("b", 2));
        session.deliver(delivery("c", 1));
        assertThat(channel.writes).containsExactly("PUBLISH a id=1", "PUBLISH b id=2");
        assertThat(session.acknowledged(1)).isTrue();
        assertThat(channel.writes).containsExactly("PUBLISH a id=1", "PUBLISH b id=2", "PUBLISH c id=3");
        session.acknowledged(3);
        session.deliver(delivery("d", 0));
        assertThat(channel.writes).last().isEqualTo("PUBLISH d id=0");
    }

    @Test
    void the_clients_receive_maximum_lowers_the_window() {
        Session session = session(10, 100, QueueOverflowPolicy.DROP_OLDEST, false);
        RecordingChannel channel = new RecordingChannel();
        channel.receiveMaximum = 1;
        session.claim(channel);
        session.attach(channel);
        session.deliver(delivery("a", 1));
        session.deliver(delivery("b", 1));
        assertThat(channel.writes).containsExactly("PUBLISH a id=1");
    }

    @Test
    void qos2_moves_from_pubrec_to_pubcomp() {
        Session session = session(1, 100, QueueOverflowPolicy.DROP_OLDEST, false);
        RecordingChannel channel = attach(session);
        session.deliver(delivery("a", 2));
        session.deliver(delivery("b", 2));
        assertThat(session.acknowledged(1)).as("PUBACK does not complete QoS 2").isFalse();
        assertThat(session.received(1)).isTrue();
        assertThat(session.received(1)).as("a repeated PUBREC is answered again").isTrue();
        assertThat(channel.writes).containsExactly("PUBLISH a id=1");
        assertThat(session.completed(1)).isTrue();
        assertThat(channel.writes).containsExactly("PUBLISH a id=1", "PUBLISH b id=2");
        assertThat(session.completed(1)).isFalse();
    }

    @Test
    void drop_oldest_and_drop_newest_keep_the_queue_bounded() {
        for (QueueOverflowPolicy policy : QueueOverflowPolicy.values()) {
            Session session = session(1, 2, policy, true);
            for (String payload : List.of("a", "b", "c", "d")) {
                session.deliver(delivery(payload, 1));
            }
            assertThat(session.queuedSnapshot()).extracting(d -> new String(d.message().payload()))
                    .as(policy.name()).containsExactlyElementsOf(policy == QueueOverflowPolicy.DROP_OLDEST
                            ? List.of("c", "d") : List.of("a", "b"));
        }
        assertThat(metrics.messagesDroppedQueueFull()).isEqualTo(4);
    }

    @Test
    void an_offline_persistent_session_keeps_qos1_and_2_only_and_a_clean_one_keeps_nothing() {
        Session persistent = session(10, 100, QueueOverflowPolicy.DROP_OLDEST, true);
        Session clean = session(10, 100, QueueOverflowPolicy.DROP_OLDEST, false);
        for (Session session : List.of(persistent, clean)) {
            session.deliver(delivery("q0", 0));
            session.deliver(delivery("q1", 1));
            session.deliver(delivery("q2", 2));
        }
        assertThat(persistent.queuedSnapshot()).extracting(Delivery::qos).containsExactly(1, 2);
        assertThat(clean.queuedSnapshot()).isEmpty();
    }

    @Test
    void reattaching_resends_unacknowledged_messages_with_dup_then_pubrel_in_order_then_the_queue() {
        Session session = session(3, 100, QueueOverflowPolicy.DROP_OLDEST, true);
        RecordingChannel first = attach(session);
        session.deliver(delivery("a", 1));
        session.deliver(delivery("b", 2));
        session.deliver(delivery("c", 2));
        session.received(2);
        session.deliver(delivery("d", 1));
        assertThat(first.writes).containsExactly("PUBLISH a id=1", "PUBLISH b id=2", "PUBLISH c id=3");
        session.release(first);

        RecordingChannel second = attach(session);
        assertThat(second.writes).containsExactly("PUBLISH a id=1 dup", "PUBREL id=2", "PUBLISH c id=3 dup");
        session.acknowledged(1);
        assertThat(second.writes).last().isEqualTo("PUBLISH d id=4");
    }

    @Test
    void packet_ids_skip_those_in_flight_and_wrap_after_65535() {
        Session session = session(2, 100, QueueOverflowPolicy.DROP_OLDEST, false);
        RecordingChannel channel = attach(session);
        session.deliver(delivery("keep", 1));       // id 1 stays in flight
        for (int i = 0; i < 65_534; i++) {
            session.deliver(delivery("x", 1));
            session.acknowledged(session.inflightPacketIds().get(1));
        }
        assertThat(session.inflightPacketIds()).containsExactly(1);
        session.deliver(delivery("next", 1));
        assertThat(channel.writes).last().as("wrapped past 65535, skipping 1").isEqualTo("PUBLISH next id=2");
    }

    @Test
    void a_qos2_packet_id_from_the_client_is_new_once_until_released() {
        Session session = session(1, 10, QueueOverflowPolicy.DROP_OLDEST, false);
        assertThat(session.inboundQos2Arrived(5)).isTrue();
        assertThat(session.inboundQos2Arrived(5)).isFalse();
        assertThat(session.inboundQos2Released(5)).isTrue();
        assertThat(session.inboundQos2Released(5)).isFalse();
        assertThat(session.inboundQos2Arrived(5)).isTrue();
    }

    @Test
    void a_slow_socket_stops_the_drain_and_writability_resumes_it() {
        Session session = session(10, 100, QueueOverflowPolicy.DROP_OLDEST, false);
        RecordingChannel channel = attach(session);
        channel.writable = false;
        session.deliver(delivery("a", 0));
        session.deliver(delivery("b", 0));
        assertThat(channel.writes).isEmpty();
        assertThat(session.queuedCount()).isEqualTo(2);
        channel.writable = true;
        session.drainFor(channel);
        assertThat(channel.writes).containsExactly("PUBLISH a id=0", "PUBLISH b id=0");
    }
}
