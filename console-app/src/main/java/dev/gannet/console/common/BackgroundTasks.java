package dev.gannet.console.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs work away from the FX thread and hands the outcome back on it. View models do every call
 * to the broker through this, so a slow or unreachable broker never freezes a window. Tests use
 * {@link #sameThread()}, which makes view models deterministic.
 */
public interface BackgroundTasks {

    /**
     * Runs {@code work} in the background, then {@code onSuccess} with its result or
     * {@code onFailure} with what it threw, both on the FX thread.
     */
    <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

    /** Runs everything at once on the calling thread: for view-model tests. */
    static BackgroundTasks sameThread() {
        return new BackgroundTasks() {
            @Override
            public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
                T result;
                try {
                    result = work.call();
                } catch (Exception e) {
                    onFailure.accept(e);
                    return;
                }
                onSuccess.accept(result);
            }
        };
    }
}
