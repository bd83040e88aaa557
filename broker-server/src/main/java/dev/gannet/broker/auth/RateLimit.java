package dev.gannet.broker.auth;

/**
 * A token bucket: up to {@code perSecond} events a second on average, with bursts of up to
 * {@code burst}. A rate of 0 means no limit. Thread-safe.
 */
public final class RateLimit {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    public RateLimit(double perSecond, double burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    /** A limit of {@code perSecond} with a burst of one second's worth. */
    public static RateLimit perSecond(int perSecond) {
        return new RateLimit(perSecond, Math.max(1, perSecond));
    }

    public boolean unlimited() {
        return perNano == 0;
    }

    /** Takes one token; false when the rate is exceeded. */
    public synchronized boolean tryAcquire() {
        if (unlimited()) {
            return true;
        }
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
