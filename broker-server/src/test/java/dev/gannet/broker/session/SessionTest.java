package dev.gannet.broker.session;

import dev.gannet.broker.config.QueueOverflowPolicy;
import dev.gannet.broker.message.Message;
import dev.gannet.broker.metrics.BrokerMetrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

class SessionTest {

    /** Records what the session writes; runs the session's scheduled work only when told to. */
    static final class FakeChannel implements ClientChannel {
        final Deque<Runnable> tasks = new ArrayDeque<>();
        final List<String> writes = new ArrayList<>();
        boolean writable = true;
        int flushes;
        /** Flushes made while the session's monitor was held (a publisher on another event loop would wait for them). */
        int flushesUnderLock;
        Session session;
        int lastPacketId;
        int receiveMaximum = 65_535;

        @Override
        public int receiveMaximum() {
            return receiveMaximum;
        }

        @Override
        public void disconnectByAdministrator(String why) {
            writes.add("disconnect " + why);
        }

        @Override
        public Executor executor() {
            return tasks::add;
        }

        @Override
        public boolean isWritable() {
            return writable;
        }

        @Override
        public void writePublish(int packetId, Delivery delivery, boolean duplicate) {
            lastPacketId = packetId;
            writes.add("PUBLISH " + packetId + " q" + delivery.qos() + (duplicate ? " dup " : " ") + delivery.message().topic());
        }

        @Override
        public void writePubrel(int packetId) {
            writes.add("PUBREL " + packetId);
        }

        @Override
        public void flush() {
            flushes++;
            if (session != null && Thread.holdsLock(session)) {
                flushesUnderLock++;
            }
        }

        void runTasks() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }

        List<String> takeWrites() {
            List<String> out = new ArrayList<>(writes);
            writes.clear();
            return out;
        }
    }

    private final BrokerMetrics metrics = new BrokerMetrics();

    private Session session(boolean persistent, int maxInflight, int maxQueued, QueueOverflowPolicy overflow) {
        return new Session("client", persistent, new SessionLimits(maxInflight, maxQueued, overflow), metrics);
    }

    private static Delivery delivery(String topic, int qos) {
        return new Delivery(new Message(topic, new byte[]{1}, qos, false, "publisher", 0L), qos, false);
    }

    private static FakeChannel attach(Session session) {
        FakeChannel channel = new FakeChannel();
        channel.session = session;
        session.claim(channel);
        assertThat(session.attach(channel)).isTrue();
        return channel;
    }

    @Test
    void the_inflight_window_bounds_unacknowledged_qos1_and_qos2_writes() {
        Session session = session(false, 2, 100, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel channel = attach(session);

        session.deliver(delivery("m1", 1));
        session.deliver(delivery("m2", 2));
        session.deliver(delivery("m3", 1));
        session.deliver(delivery("m4", 2));
        channel.runTasks();

        assertThat(channel.takeWrites()).containsExactly("PUBLISH 1 q1 m1", "PUBLISH 2 q2 m2");
        assertThat(session.inflightCount()).isEqualTo(2);
        assertThat(session.queuedCount()).isEqualTo(2);
        assertThat(session.inflightPacketIds()).containsExactly(1, 2);
        assertThat(channel.flushes).isEqualTo(1);
    }

    @Test
    void a_late_acknowledgement_over_a_replaced_connection_drains_on_the_new_connections_event_loop() {
        Session session = session(true, 1, 100, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel first = attach(session);
        session.deliver(delivery("m1", 1));
        session.deliver(delivery("m2", 1));
        first.runTasks();
        assertThat(first.takeWrites()).containsExactly("PUBLISH 1 q1 m1");
        FakeChannel second = new FakeChannel();
        second.session = session;
        session.claim(second);
        assertThat(session.attach(second)).isTrue();
        assertThat(second.takeWrites()).containsExactly("PUBLISH 1 q1 dup m1");

        session.acknowledged(first, 1); // the old connection's PUBACK, read late on its own event loop

        assertThat(second.takeWrites()).as("nothing written to the new connection from the old one's event loop").isEmpty();
        second.runTasks();
        assertThat(second.takeWrites()).containsExactly("PUBLISH 2 q1 m2");
    }

    @Test
    void deliveries_are_written_only_when_the_scheduled_drain_runs() {
        Session session = session(false, 10, 100, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel channel = attach(session);

        session.deliver(delivery("m1", 1));
        session.deliver(delivery("m2", 0));

        assertThat(channel.writes).isEmpty();
        assertThat(channel.tasks).as("one drain scheduled for both deliveries").hasSize(1);
        channel.runTasks();
        assertThat(channel.takeWrites()).containsExactly("PUBLISH 1 q1 m1", "PUBLISH 0 q0 m2");
    }

    @Test
    void puback_frees_a_slot_and_the_next_queued_message_is_written() {
        Session session = session(false, 1, 100, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel channel = attach(session);
        session.deliver(delivery("m1", 1));
        session.deliver(delivery("m2", 1));
        channel.runTasks();
        assertThat(channel.takeWrites()).containsExactly("PUBLISH 1 q1 m1");

        assertThat(session.acknowledged(channel, 1)).isTrue();

        assertThat(channel.takeWrites()).containsExactly("PUBLISH 2 q1 m2");
        assertThat(session.inflightPacketIds()).containsExactly(2);
        assertThat(session.queuedCount()).isZero();
        assertThat(channel.flushes).as("after the drain and after the PUBACK").isEqualTo(2);
        assertThat(channel.flushesUnderLock).as("a publisher on another event loop never waits for a flush").isZero();
    }

    @Test
    void acknowledging_an_unknown_or_qos2_packet_id_is_refused() {
        Session session = session(false, 10, 100, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel channel = attach(session);
        session.deliver(delivery("m1", 2));
        channel.runTasks();

        assertThat(session.acknowledged(channel, 7)).isFalse();
        assertThat(session.acknowledged(channel, 1)).as("PUBACK for a QoS 2 message").isFalse();
        assertThat(session.inflightPacketIds()).containsExactly(1);
    }

    @Test
    void qos2_exchange_frees_its_slot_only_on_pubcomp() {
        Session session = session(false, 1, 100, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel channel = attach(session);
        session.deliver(delivery("m1", 2));
        session.deliver(delivery("m2", 2));
        channel.runTasks();
        channel.takeWrites();

        assertThat(session.completed(channel, 1)).as("PUBCOMP before PUBREC").isFalse();
        assertThat(session.received(1)).isTrue();
        assertThat(session.received(1)).as("a repeated PUBREC is answered again").isTrue();
        assertThat(channel.writes).isEmpty();
        assertThat(session.inflightCount()).isEqualTo(1);

        assertThat(session.completed(channel, 1)).isTrue();

        assertThat(channel.takeWrites()).containsExactly("PUBLISH 2 q2 m2");
        assertThat(session.completed(channel, 1)).isFalse();
        assertThat(session.received(99)).isFalse();
    }

    @Test
    void pubrec_for_a_qos1_message_is_refused() {
        Session session = session(false, 10, 100, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel channel = attach(session);
        session.deliver(delivery("m1", 1));
        channel.runTasks();

        assertThat(session.received(1)).isFalse();
        assertThat(session.acknowledged(channel, 1)).isTrue();
    }

    @Test
    void qos0_messages_are_not_bounded_by_the_inflight_window() {
        Session session = session(false, 1, 100, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel channel = attach(session);
        session.deliver(delivery("q1", 1));
        channel.runTasks();
        channel.takeWrites();

        for (int i = 0; i < 5; i++) {
            session.deliver(delivery("z" + i, 0));
        }
        channel.runTasks();

        assertThat(channel.takeWrites()).containsExactly(
                "PUBLISH 0 q0 z0", "PUBLISH 0 q0 z1", "PUBLISH 0 q0 z2", "PUBLISH 0 q0 z3", "PUBLISH 0 q0 z4");
        assertThat(session.inflightPacketIds()).containsExactly(1);
    }

    @Test
    void drop_oldest_discards_the_head_of_a_full_queue() {
        Session session = session(true, 10, 2, QueueOverflowPolicy.DROP_OLDEST);

        session.deliver(delivery("m1", 1));
        session.deliver(delivery("m2", 1));
        session.deliver(delivery("m3", 2));

        assertThat(session.queuedSnapshot()).extracting(d -> d.message().topic()).containsExactly("m2", "m3");
    }

    @Test
    void drop_newest_discards_the_arriving_message_when_the_queue_is_full() {
        Session session = session(true, 10, 2, QueueOverflowPolicy.DROP_NEWEST);

        session.deliver(delivery("m1", 1));
        session.deliver(delivery("m2", 1));
        session.deliver(delivery("m3", 2));

        assertThat(session.queuedSnapshot()).extracting(d -> d.message().topic()).containsExactly("m1", "m2");
    }

    @Test
    void an_online_session_applies_the_queue_limit_to_messages_waiting_behind_the_window() {
        Session session = session(false, 1, 2, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel channel = attach(session);
        session.deliver(delivery("m1", 1));
        channel.runTasks();
        channel.takeWrites();

        session.deliver(delivery("m2", 1));
        session.deliver(delivery("m3", 1));
        session.deliver(delivery("m4", 1));
        channel.runTasks();

        assertThat(session.queuedSnapshot()).extracting(d -> d.message().topic()).containsExactly("m3", "m4");
        session.acknowledged(channel, 1);
        assertThat(channel.takeWrites()).containsExactly("PUBLISH 2 q1 m3");
    }

    @Test
    void an_offline_persistent_session_keeps_qos1_and_qos2_and_drops_qos0() {
        Session session = session(true, 10, 100, QueueOverflowPolicy.DROP_OLDEST);

        session.deliver(delivery("zero", 0));
        session.deliver(delivery("one", 1));
        session.deliver(delivery("two", 2));

        assertThat(session.queuedSnapshot()).extracting(d -> d.message().topic()).containsExactly("one", "two");
    }

    @Test
    void going_offline_drops_queued_qos0_messages_of_a_persistent_session() {
        Session session = session(true, 1, 100, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel channel = attach(session);
        session.deliver(delivery("a", 1));
        session.deliver(delivery("b", 0));
        session.deliver(delivery("c", 2));

        assertThat(session.release(channel)).isTrue();

        assertThat(session.isConnected()).isFalse();
        assertThat(session.queuedSnapshot()).extracting(d -> d.message().topic()).containsExactly("a", "c");
        channel.runTasks();
        assertThat(channel.writes).as("a drain scheduled before release writes nothing").isEmpty();
    }

    @Test
    void an_offline_clean_session_keeps_nothing() {
        Session session = session(false, 10, 100, QueueOverflowPolicy.DROP_OLDEST);

        session.deliver(delivery("one", 1));
        session.deliver(delivery("two", 2));

        assertThat(session.queuedCount()).isZero();
    }

    @Test
    void attach_resends_unacknowledged_publishes_as_duplicates_and_pubrels_in_original_order() {
        Session session = session(true, 10, 100, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel first = attach(session);
        session.deliver(delivery("a", 1));
        session.deliver(delivery("b", 2));
        session.deliver(delivery("c", 2));
        session.deliver(delivery("d", 1));
        first.runTasks();
        assertThat(first.takeWrites()).containsExactly("PUBLISH 1 q1 a", "PUBLISH 2 q2 b", "PUBLISH 3 q2 c", "PUBLISH 4 q1 d");
        session.received(2);          // b is past PUBREC: PUBREL is due
        session.acknowledged(first, 4);        // d is done
        session.release(first);
        session.deliver(delivery("e", 1)); // queued while offline

        FakeChannel second = new FakeChannel();
        session.claim(second);
        assertThat(session.attach(second)).isTrue();

        assertThat(second.takeWrites()).containsExactly(
                "PUBLISH 1 q1 dup a", "PUBREL 2", "PUBLISH 3 q2 dup c", "PUBLISH 5 q1 e");
        assertThat(session.inflightPacketIds()).containsExactly(1, 2, 3, 5);
    }

    @Test
    void attach_by_a_connection_that_does_not_own_the_session_is_refused() {
        Session session = session(true, 10, 100, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel owner = new FakeChannel();
        FakeChannel stranger = new FakeChannel();
        session.claim(owner);

        assertThat(session.attach(stranger)).isFalse();
        assertThat(session.release(stranger)).isFalse();
        assertThat(session.attach(owner)).isTrue();
    }

    @Test
    void a_discarded_session_accepts_nothing() {
        Session session = session(true, 10, 100, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel channel = attach(session);

        session.discard();
        session.deliver(delivery("a", 1));

        assertThat(session.queuedCount()).isZero();
        assertThat(channel.tasks).isEmpty();
        assertThat(session.attach(channel)).isFalse();
    }

    @Test
    void nothing_is_written_while_the_channel_is_not_writable() {
        Session session = session(false, 10, 100, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel channel = attach(session);
        channel.writable = false;
        session.deliver(delivery("a", 0));
        session.deliver(delivery("b", 1));
        channel.runTasks();
        assertThat(channel.writes).isEmpty();

        channel.writable = true;
        session.drainFor(channel);

        assertThat(channel.takeWrites()).containsExactly("PUBLISH 0 q0 a", "PUBLISH 1 q1 b");
    }

    @Test
    void packet_ids_skip_ids_still_in_flight_and_wrap_from_65535_to_1() {
        Session session = session(false, 2, 100, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel channel = attach(session);
        session.deliver(delivery("held", 1));
        channel.runTasks();
        assertThat(channel.lastPacketId).isEqualTo(1); // id 1 stays in flight

        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 65_535; i++) {
            session.deliver(delivery("t", 1));
            channel.runTasks();
            ids.add(channel.lastPacketId);
            assertThat(session.acknowledged(channel, channel.lastPacketId)).isTrue();
            channel.writes.clear();
        }

        assertThat(ids.get(0)).isEqualTo(2);
        assertThat(ids.get(65_533)).isEqualTo(65_535);
        assertThat(ids.get(65_534)).as("wrapped past the in-flight id 1").isEqualTo(2);
        assertThat(ids).doesNotContain(0, 1);

        assertThat(session.acknowledged(channel, 1)).isTrue();
        session.deliver(delivery("t", 1));
        channel.runTasks();
        assertThat(channel.lastPacketId).isEqualTo(3);
    }

    @Test
    void packet_id_1_follows_65535_when_it_is_free() {
        Session session = session(false, 1, 100, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel channel = attach(session);
        int last = 0;
        for (int i = 0; i < 65_536; i++) {
            session.deliver(delivery("t", 2));
            channel.runTasks();
            last = channel.lastPacketId;
            assertThat(last).isEqualTo(i < 65_535 ? i + 1 : 1);
            session.received(last);
            session.completed(channel, last);
            channel.writes.clear();
        }
        assertThat(last).isEqualTo(1);
    }

    @Test
    void inbound_qos2_packet_id_is_new_once_until_released() {
        Session session = session(false, 10, 100, QueueOverflowPolicy.DROP_OLDEST);

        assertThat(session.inboundQos2Arrived(7)).isTrue();
        assertThat(session.inboundQos2Arrived(7)).isFalse();
        assertThat(session.inboundQos2Arrived(8)).isTrue();
        assertThat(session.inboundQos2Released(7)).isTrue();
        assertThat(session.inboundQos2Released(7)).isFalse();
        assertThat(session.inboundQos2Arrived(7)).isTrue();
        assertThat(session.inboundQos2Arrived(8)).isFalse();
    }

    @Test
    void an_mqtt5_clients_receive_maximum_lowers_the_window() {
        Session session = session(false, 10, 100, QueueOverflowPolicy.DROP_OLDEST);
        FakeChannel channel = new FakeChannel();
        channel.receiveMaximum = 1;
        session.claim(channel);
        session.attach(channel);
        session.deliver(delivery("a", 1));
        session.deliver(delivery("b", 1));
        channel.runTasks();
        assertThat(channel.takeWrites()).containsExactly("PUBLISH 1 q1 a");
    }
}
