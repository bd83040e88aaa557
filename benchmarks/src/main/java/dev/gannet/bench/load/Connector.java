package dev.gannet.bench.load;

import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/** Connects many clients with a bounded number of CONNECTs awaiting CONNACK at once. */
final class Connector {

    /** The clients that got CONNACK, those that did not, and when the last one finished. */
    record Outcome(List<BenchClient> connected, int failed, String firstFailure, long lastDoneNanos) {
    }

    private Connector() {
    }

    /**
     * @param ids        client id of the i-th client
     * @param latencyUs  where to record each CONNECT-to-CONNACK time in microseconds; may be null
     */
    static Outcome connectAll(ClientFactory factory, int count, IntFunction<String> ids, boolean cleanSession,
                              int keepAliveSeconds, int concurrency, Recorder latencyUs, long timeoutMillis)
            throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        List<CompletableFuture<BenchClient>> pending = new ArrayList<>(count);
        AtomicLong lastDone = new AtomicLong(System.nanoTime());
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (int i = 0; i < count; i++) {
            if (!permits.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            long start = System.nanoTime();
            BenchClient client = factory.open(ids.apply(i), cleanSession, keepAliveSeconds);
            CompletableFuture<BenchClient> connected = client.connected()
                    .orTimeout(Math.max(1, deadline - start), TimeUnit.NANOSECONDS);
            connected.whenComplete((c, error) -> {
                long now = System.nanoTime();
                lastDone.accumulateAndGet(now, Math::max);
                if (error == null && latencyUs != null) {
                    latencyUs.recordValue(Math.min(3_600_000_000L, (now - start) / 1000));
                }
                if (error != null) {
                    firstFailure.compareAndSet(null, String.valueOf(error));
                    if (client.channel() != null) {
                        client.channel().close();
                    }
                }
                permits.release();
            });
            pending.add(connected);
        }
        List<BenchClient> connected = new ArrayList<>(count);
        int failed = count - pending.size();
        for (CompletableFuture<BenchClient> future : pending) {
            try {
                connected.add(future.get(Math.max(1, deadline - System.nanoTime()) + 1_000_000_000L, TimeUnit.NANOSECONDS));
            } catch (Exception e) {
                failed++;
                firstFailure.compareAndSet(null, String.valueOf(e));
            }
        }
        return new Outcome(connected, failed, firstFailure.get(), lastDone.get());
    }

    /** Sends DISCONNECT to every client and waits (a bounded time) for the connections to close. */
    static void disconnectAll(List<BenchClient> clients) {
        List<CompletableFuture<Void>> closed = new ArrayList<>(clients.size());
        for (BenchClient client : clients) {
            closed.add(client.disconnect());
        }
        try {
            CompletableFuture.allOf(closed.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the factory's shutdown closes whatever is left
        }
    }
}
