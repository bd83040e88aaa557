package dev.gannet.bench.load;

/**
 * What the load generator can learn about the broker's process while it runs: CPU time, memory
 * and, for a JVM broker, heap after a full collection. Figures that cannot be had are NaN or -1.
 */
public interface BrokerProbe {

    /** A broker the generator knows nothing about (elsewhere, or no pid given). */
    BrokerProbe NONE = new BrokerProbe() {
    };

    /** User plus system CPU seconds the broker's process used so far. */
    default double cpuSeconds() {
        return Double.NaN;
    }

    /** Resident set size now, bytes. */
    default long rssBytes() {
        return -1;
    }

    /** Highest resident set size so far (VmHWM), bytes. */
    default long peakRssBytes() {
        return -1;
    }

    /** Heap in use right after a full collection the probe asks for, bytes; -1 for a broker that is no JVM. */
    default long heapAfterGc() {
        return -1;
    }
}
