package dev.gannet.console.common;

import dev.gannet.model.api.StatsSnapshot;
import dev.gannet.model.api.Topology;
import dev.gannet.model.client.GannetClient;
import dev.gannet.model.client.LiveStream;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The broker's live stream, shared by every view that shows moving figures. It reconnects by
 * itself when the stream breaks (every two seconds) and says whether it is receiving, so the
 * window can show that the broker is unreachable. Listeners are called on {@code dispatcher}
 * (the FX thread in the console).
 */
public final class LiveFeed implements AutoCloseable {

    private static final long RETRY_SECONDS = 2;

    private final GannetClient client;
    private final Executor dispatcher;
    private final List<Consumer<StatsSnapshot>> statsListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Topology>> topologyListeners = new CopyOnWriteArrayList<>();
    private final ReadOnlyBooleanWrapper receiving = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gannet-console-live-retry");
        thread.setDaemon(true);
        return thread;
    });
    private volatile LiveStream stream;
    private volatile boolean closed;
    private volatile StatsSnapshot lastStats;
    private volatile Topology lastTopology;

    public LiveFeed(GannetClient client, Executor dispatcher) {
        this.client = client;
        this.dispatcher = dispatcher;
    }

    /** Opens the stream; safe to call once. */
    public LiveFeed start() {
        open();
        return this;
    }

    private synchronized void open() {
        if (closed) {
            return;
        }
        stream = client.stream(
                stats -> dispatcher.execute(() -> {
                    lastStats = stats;
                    receiving.set(true);
                    problem.set("");
                    statsListeners.forEach(l -> l.accept(stats));
                }),
                topology -> dispatcher.execute(() -> {
                    lastTopology = topology;
                    topologyListeners.forEach(l -> l.accept(topology));
                }),
                error -> {
                    dispatcher.execute(() -> {
                        receiving.set(false);
                        problem.set(ErrorMessages.of(error));
                    });
                    retryLater();
                });
    }

    private synchronized void retryLater() {
        if (!closed) {
            retries.schedule(this::open, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Calls {@code listener} with every figures event; at once with the last one, if any. */
    public void onStats(Consumer<StatsSnapshot> listener) {
        statsListeners.add(listener);
        StatsSnapshot last = lastStats;
        if (last != null) {
            dispatcher.execute(() -> listener.accept(last));
        }
    }

    /** Calls {@code listener} with every topology event; at once with the last one, if any. */
    public void onTopology(Consumer<Topology> listener) {
        topologyListeners.add(listener);
        Topology last = lastTopology;
        if (last != null) {
            dispatcher.execute(() -> listener.accept(last));
        }
    }

    public void removeStats(Consumer<StatsSnapshot> listener) {
        statsListeners.remove(listener);
    }

    public void removeTopology(Consumer<Topology> listener) {
        topologyListeners.remove(listener);
    }

    /** True while figures arrive. */
    public ReadOnlyBooleanProperty receivingProperty() {
        return receiving.getReadOnlyProperty();
    }

    /** Why the stream is down; empty while it is up. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    @Override
    public synchronized void close() {
        closed = true;
        retries.shutdownNow();
        LiveStream current = stream;
        if (current != null) {
            current.close();
        }
    }
}
