package dev.gannet.bench.load;

import java.util.List;

/**
 * The figures of one scenario run against one broker. Rates are over the measured window only.
 * For connection scenarios, "messages" are connections: {@code delivered} counts CONNACKs and the
 * latencies are CONNECT to CONNACK.
 *
 * @param label              the scenario as shown in tables, e.g. {@code fan-in} or {@code fan-in @50%}
 * @param ratePerPublisher   the offered rate per publisher, 0 for unlimited
 * @param seconds            length of the measured window
 * @param published          messages published in the window
 * @param delivered          messages received by subscribers in the window (connections for connection scenarios)
 * @param lost               messages published after the warm-up and never received
 * @param lostInWarmup       messages published during the warm-up and never received (a failure at QoS 1
 *                           and 2; at QoS 0, which a broker may drop, reported but not a failure)
 * @param duplicates         messages received more than once
 * @param outOfOrder         messages received after a later one of the same publisher
 * @param cpuSeconds         broker CPU in the window, NaN when unknown
 * @param peakRssBytes       the broker's peak resident set at the end of the run, -1 when unknown
 * @param connections        connections held (idle scenario) or made (storm)
 * @param heapPerConnection  idle scenario: broker heap after GC per connection, bytes; -1 when unknown
 * @param rssPerConnection   idle scenario: broker resident set per connection, bytes; -1 when unknown
 * @param problems           every unexpected event; empty when the run passed
 */
public record RunResult(Scenario scenario, String label, double ratePerPublisher, double seconds, long published,
                        long delivered, double p50Ms, double p99Ms, double p999Ms, double maxMs, long lost,
                        long lostInWarmup, long duplicates, long outOfOrder, double cpuSeconds, long peakRssBytes, long connections,
                        long heapPerConnection, long rssPerConnection, List<String> problems) {

    public RunResult {
        problems = List.copyOf(problems);
    }

    public boolean passed() {
        return problems.isEmpty();
    }

    /** Delivered messages (or connections) a second. */
    public double throughput() {
        return seconds > 0 ? delivered / seconds : 0;
    }

    public double publishRate() {
        return seconds > 0 ? published / seconds : 0;
    }

    /** Broker CPU seconds per million delivered messages (or connections); NaN when unknown. */
    public double cpuPerMillion() {
        return delivered > 0 ? cpuSeconds / (delivered / 1e6) : Double.NaN;
    }

    /** The unit of {@link #throughput()}. */
    public String unit() {
        return switch (scenario) {
            case CONNECTION_STORM -> "connects/s";
            case IDLE_CONNECTIONS -> "connects/s";
            default -> "msg/s";
        };
    }
}
