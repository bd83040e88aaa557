package dev.gannet.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fan-in, point-to-point and fan-out: subscribers connect and subscribe, publishers connect, then
 * publish through a warm-up and a measured window, and stop; the run waits for what is still on its
 * way and then accounts for every message of every publisher at every subscriber that should have
 * had it (lost, duplicated, out of order).
 *
 * <p>Publishers send from one timer task per event loop (every millisecond). At a fixed rate each
 * message carries its <em>intended</em> send time, so a broker that makes the generator wait is
 * charged for it (no coordinated omission). At an unlimited rate a publisher keeps at most
 * {@link LoadOptions#windowPerPublisher()} messages on their way end to end, so the peak measured
 * is what the broker sustains without dropping messages from its bounded queues. A message the
 * broker drops never leaves its publisher's window, so a dropping broker slows itself down; the run
 * counts the loss and fails.
 *
 * <p>The warm-up is not measured: its messages count neither in the rates nor in the latencies, and
 * their losses are counted apart. A message of the warm-up that never arrives fails the run at QoS 1
 * and 2, and at an unlimited rate (where it keeps its slot of the publisher's window, so the
 * measured window would run with fewer messages on their way). At a fixed rate and QoS 0, which a
 * broker may drop (a JVM broker that has not compiled its hot code yet falls behind and sheds QoS 0
 * messages from its bounded queues), it is reported, not failed.
 */
public final class MessagingRun {

    private static final long MAX_LATENCY_US = 3_600_000_000L;
    private static final long TICK_MICROS = 1000;
    private static final int MAX_BURST = 1000;

    private final LoadOptions o;
    private final BrokerProbe probe;
    private final PrintStream log;
    private final String runId = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36 * 36), 36);
    private final Recorder latency = new Recorder(MAX_LATENCY_US, 3);
    private final LongAdder deliveredInWindow = new LongAdder();
    private final LongAdder publishedInWindow = new LongAdder();
    private final LongAdder receivedDistinct = new LongAdder();
    private final AtomicLong misrouted = new AtomicLong();
    private final AtomicInteger unexpectedCloses = new AtomicInteger();
    private volatile boolean measuring;
    private volatile boolean publishing;
    private Publisher[] publishers;
    private Subscriber[] subscribers;

    public MessagingRun(LoadOptions options, BrokerProbe probe, PrintStream log) {
        if (!options.scenario().messaging()) {
            throw new IllegalArgumentException(options.scenario().id() + " is not a messaging scenario");
        }
        this.o = options;
        this.probe = probe;
        this.log = log;
    }

    public RunResult run(String label) throws Exception {
        List<String> problems = new ArrayList<>();
        try (ClientFactory factory = new ClientFactory(o.host(), o.port(), o.ioThreads(), 10_000)) {
            log.printf("  %s [%s, run %s]%n", o.summary(), factory.transport(), runId);
            plan();
            // subscribers first, so that no message is published before its subscription exists
            Connector.Outcome subs = Connector.connectAll(factory, subscribers.length, i -> subscribers[i].clientId,
                    !o.persistent(), o.keepAliveSeconds(), o.connectConcurrency(), null, 60_000);
            if (subs.failed() > 0) {
                problems.add(subs.failed() + " subscribers could not connect: " + subs.firstFailure());
                Connector.disconnectAll(subs.connected());
                return failed(label, problems);
            }
            List<CompletableFuture<List<Integer>>> granted = new ArrayList<>();
            for (int i = 0; i < subscribers.length; i++) {
                Subscriber s = subscribers[i];
                s.client = subs.connected().get(i);
                s.client.events(s);
                granted.add(s.client.subscribe(s.filter, o.qos()));
            }
            for (int i = 0; i < granted.size(); i++) {
                int qos = granted.get(i).get(30, TimeUnit.SECONDS).get(0);
                if (qos != o.qos()) {
                    problems.add("subscription " + subscribers[i].filter + " granted QoS " + qos + " instead of " + o.qos());
                }
            }
            Connector.Outcome pubs = Connector.connectAll(factory, publishers.length, i -> publishers[i].clientId,
                    true, o.keepAliveSeconds(), o.connectConcurrency(), null, 60_000);
            List<BenchClient> all = new ArrayList<>(subs.connected());
            all.addAll(pubs.connected());
            if (pubs.failed() > 0 || !problems.isEmpty()) {
                if (pubs.failed() > 0) {
                    problems.add(pubs.failed() + " publishers could not connect: " + pubs.firstFailure());
                }
                Connector.disconnectAll(all);
                return failed(label, problems);
            }
            for (int i = 0; i < publishers.length; i++) {
                publishers[i].client = pubs.connected().get(i);
                publishers[i].client.events(publishers[i]);
            }

            List<ScheduledFuture<?>> ticks = startPublishing();
            sleep(o.warmup().toMillis());
            latency.reset();
            deliveredInWindow.reset();
            publishedInWindow.reset();
            double cpuBefore = probe.cpuSeconds();
            for (Publisher p : publishers) {
                p.measuredFrom = p.sentTotal.get(); // lags by up to one burst: those messages count as measured
            }
            long windowStart = System.nanoTime();
            measuring = true;
            sleep(o.duration().toMillis());
            measuring = false;
            long windowEnd = System.nanoTime();
            double cpuAfter = probe.cpuSeconds();
            Histogram histogram = latency.getIntervalHistogram();
            long delivered = deliveredInWindow.sum();
            long published = publishedInWindow.sum();

            stopPublishing(ticks);
            long expected = 0;
            for (Publisher p : publishers) {
                expected += p.sentTotal.get() * p.fanout;
            }
            boolean drainCut = drain(expected);
            long lost = 0;
            long lostInWarmup = 0;
            long duplicates = 0;
            long outOfOrder = 0;
            for (Subscriber s : subscribers) {
                long[] tally = s.client.channel().eventLoop().submit(s::tally).get(30, TimeUnit.SECONDS);
                lost += tally[0];
                lostInWarmup += tally[1];
                duplicates += tally[2];
                outOfOrder += tally[3];
                if (tally[4] > 0) {
                    problems.add("subscriber " + s.clientId + " saw sequence numbers its publishers never sent");
                }
            }
            long peakRss = probe.peakRssBytes();
            if (lost > 0) {
                problems.add(String.format("%,d messages lost", lost) + (drainCut
                        ? " (still arriving when --drain-timeout " + o.drainTimeout().toSeconds() + " s ran out: raise it to tell slow from lost)"
                        : ""));
            }
            if (lostInWarmup > 0 && (o.qos() > 0 || o.ratePerPublisher() <= 0)) {
                problems.add(String.format("%,d messages lost during the warm-up", lostInWarmup));
            }
            if (duplicates > 0) {
                problems.add(String.format("%,d duplicates", duplicates));
            }
            if (outOfOrder > 0) {
                problems.add(String.format("%,d out of order", outOfOrder));
            }
            if (misrouted.get() > 0) {
                problems.add(String.format("%,d messages reached a subscriber whose filter does not match them", misrouted.get()));
            }
            if (unexpectedCloses.get() > 0) {
                problems.add(unexpectedCloses.get() + " connections closed by the broker during the run");
            }
            Connector.disconnectAll(all);
            if (o.persistent()) {
                removeSessions(factory);
            }
            double seconds = (windowEnd - windowStart) / 1e9;
            return new RunResult(o.scenario(), label, o.ratePerPublisher(), seconds, published, delivered,
                    percentileMs(histogram, 50), percentileMs(histogram, 99), percentileMs(histogram, 99.9),
                    histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0, lost, lostInWarmup, duplicates,
                    outOfOrder, cpuAfter - cpuBefore, peakRss, all.size(), -1, -1, problems);
        }
    }

    private RunResult failed(String label, List<String> problems) {
        return new RunResult(o.scenario(), label, o.ratePerPublisher(), 0, 0, 0, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, 0, 0, 0, 0, Double.NaN, probe.peakRssBytes(), 0, -1, -1, problems);
    }

    /** Topics, filters and who should receive whom. */
    private void plan() {
        String prefix = "bench/" + runId;
        String idPrefix = "b" + runId;
        int p = o.publishers();
        int s = o.subscribers();
        publishers = new Publisher[p];
        subscribers = new Subscriber[s];
        for (int i = 0; i < p; i++) {
            String topic = switch (o.scenario()) {
                case FAN_IN -> prefix + "/in/g" + (i % s) + "/p" + i;
                case POINT_TO_POINT -> prefix + "/p2p/" + i;
                default -> prefix + "/out/p" + i;
            };
            publishers[i] = new Publisher(i, idPrefix + "-p" + i, topic, o.fanout());
        }
        for (int j = 0; j < s; j++) {
            String filter;
            int[] expected;
            switch (o.scenario()) {
                case FAN_IN -> {
                    filter = prefix + "/in/g" + j + "/+";
                    int first = j;
                    expected = java.util.stream.IntStream.range(0, p).filter(i -> i % s == first).toArray();
                }
                case POINT_TO_POINT -> {
                    filter = prefix + "/p2p/" + j;
                    expected = new int[] {j};
                }
                default -> {
                    filter = prefix + "/out/+";
                    expected = java.util.stream.IntStream.range(0, p).toArray();
                }
            }
            subscribers[j] = new Subscriber(idPrefix + "-s" + j, filter, expected);
        }
    }

    private List<ScheduledFuture<?>> startPublishing() {
        Map<EventLoop, List<Publisher>> byLoop = new IdentityHashMap<>();
        for (Publisher p : publishers) {
            byLoop.computeIfAbsent(p.client.channel().eventLoop(), loop -> new ArrayList<>()).add(p);
        }
        long start = System.nanoTime();
        double rate = o.ratePerPublisher();
        for (Publisher p : publishers) {
            // spread the publishers' schedules over one interval, so they do not all send at once
            p.startNanos = rate > 0 ? start + (long) (1e9 / rate * p.index / publishers.length) : start;
        }
        publishing = true;
        List<ScheduledFuture<?>> ticks = new ArrayList<>();
        byLoop.forEach((loop, list) -> {
            Publisher[] own = list.toArray(new Publisher[0]);
            ticks.add(loop.scheduleAtFixedRate(() -> {
                if (publishing) {
                    long now = System.nanoTime();
                    for (Publisher p : own) {
                        p.tick(now);
                    }
                }
            }, 0, TICK_MICROS, TimeUnit.MICROSECONDS));
        });
        return ticks;
    }

    private void stopPublishing(List<ScheduledFuture<?>> ticks) throws Exception {
        publishing = false;
        for (ScheduledFuture<?> tick : ticks) {
            tick.cancel(false);
        }
        // a tick that was running has finished once a task queued behind it on the same loop ran
        for (Publisher p : publishers) {
            p.client.channel().eventLoop().submit(() -> { }).get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits until every expected delivery arrived, or nothing arrived for 5 s, or the drain timeout.
     *
     * @return true when the timeout cut the wait while messages were still arriving
     */
    private boolean drain(long expected) {
        long deadline = System.nanoTime() + o.drainTimeout().toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long received = receivedDistinct.sum();
            if (received >= expected) {
                return false;
            }
            if (received != last) {
                last = received;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(5)) {
                return false;
            }
            sleep(20);
        }
        return System.nanoTime() - lastChange < TimeUnit.SECONDS.toNanos(1);
    }

    /** Persistent subscribers: connect once more with a clean session, which discards the broker's session. */
    private void removeSessions(ClientFactory factory) throws InterruptedException {
        Connector.Outcome clean = Connector.connectAll(factory, subscribers.length, i -> subscribers[i].clientId, true,
                o.keepAliveSeconds(), o.connectConcurrency(), null, 30_000);
        Connector.disconnectAll(clean.connected());
    }

    private static double percentileMs(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One publishing client; everything but {@link #sentTotal} and {@link #outstanding} lives on its event loop. */
    private final class Publisher implements BenchClient.Events {
        final int index;
        final String clientId;
        final String topic;
        final int fanout;
        final AtomicLong outstanding = new AtomicLong();
        final AtomicLong sentTotal = new AtomicLong();
        /** The first sequence number of the measured window: those below it were sent during the warm-up. */
        volatile long measuredFrom;
        BenchClient client;
        long startNanos;
        long sent;

        Publisher(int index, String clientId, String topic, int fanout) {
            this.index = index;
            this.clientId = clientId;
            this.topic = topic;
            this.fanout = fanout;
        }

        void tick(long now) {
            if (!client.isActive()) {
                return;
            }
            double rate = o.ratePerPublisher();
            int burst = 0;
            if (rate > 0) {
                long due = (long) ((now - startNanos) * rate / 1e9) + 1;
                while (sent < due && burst < MAX_BURST && canSend()) {
                    send(startNanos + (long) (sent * 1e9 / rate));
                    burst++;
                }
            } else {
                // a lost message never comes back into the window: a broker that drops shrinks its own load, and the loss is counted
                long limit = (long) o.windowPerPublisher() * fanout;
                while (outstanding.get() < limit && burst < MAX_BURST && canSend()) {
                    send(now);
                    burst++;
                }
            }
            if (burst > 0) {
                client.flush();
                sentTotal.lazySet(sent);
                if (measuring) {
                    publishedInWindow.add(burst);
                }
            }
        }

        private boolean canSend() {
            return client.channel().isWritable() && (o.qos() == 0 || client.inflight() < o.inflight());
        }

        private void send(long sendNanos) {
            ByteBuf payload = client.channel().alloc().buffer(o.payloadBytes());
            Payload.write(payload, o.payloadBytes(), sendNanos, index, sent);
            sent++;
            outstanding.addAndGet(fanout);
            client.publish(topic, o.qos(), payload);
        }

        @Override
        public void closed(BenchClient c) {
            if (!c.closing()) {
                unexpectedCloses.incrementAndGet();
            }
        }
    }

    /** One subscribing client; its trackers live on its event loop. */
    private final class Subscriber implements BenchClient.Events {
        final String clientId;
        final String filter;
        final int[] expectedPublishers;
        final SequenceTracker[] trackers;
        BenchClient client;

        Subscriber(String clientId, String filter, int[] expectedPublishers) {
            this.clientId = clientId;
            this.filter = filter;
            this.expectedPublishers = expectedPublishers;
            this.trackers = new SequenceTracker[expectedPublishers.length];
            for (int i = 0; i < trackers.length; i++) {
                trackers[i] = new SequenceTracker();
            }
        }

        @Override
        public void message(BenchClient c, ByteBuf payload, int qos, boolean duplicate) {
            long now = System.nanoTime();
            if (payload.readableBytes() < Payload.HEADER_BYTES) {
                misrouted.incrementAndGet();
                return;
            }
            int publisher = Payload.publisher(payload);
            int slot = Arrays.binarySearch(expectedPublishers, publisher);
            if (slot < 0) {
                misrouted.incrementAndGet();
                return;
            }
            if (trackers[slot].accept(Payload.sequence(payload)) == SequenceTracker.Outcome.DUPLICATE) {
                return;
            }
            receivedDistinct.increment();
            publishers[publisher].outstanding.decrementAndGet();
            if (measuring) {
                deliveredInWindow.increment();
                latency.recordValue(Math.min(MAX_LATENCY_US, Math.max(0, now - Payload.sendNanos(payload)) / 1000));
            }
        }

        @Override
        public void closed(BenchClient c) {
            if (!c.closing()) {
                unexpectedCloses.incrementAndGet();
            }
        }

        /**
         * Lost after the warm-up, lost during it, duplicated, out of order, and 1 if a sequence number
         * beyond what was sent arrived.
         */
        long[] tally() {
            long lost = 0;
            long lostInWarmup = 0;
            long duplicates = 0;
            long outOfOrder = 0;
            long beyond = 0;
            for (int i = 0; i < trackers.length; i++) {
                Publisher publisher = publishers[expectedPublishers[i]];
                long sent = publisher.sentTotal.get();
                long inWarmup = trackers[i].lostBelow(sent, publisher.measuredFrom);
                lostInWarmup += inWarmup;
                lost += trackers[i].lost(sent) - inWarmup;
                duplicates += trackers[i].duplicates();
                outOfOrder += trackers[i].outOfOrder();
                if (trackers[i].beyond(sent)) {
                    beyond = 1;
                }
            }
            return new long[] {lost, lostInWarmup, duplicates, outOfOrder, beyond};
        }
    }
}
