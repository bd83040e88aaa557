package dev.gannet.model.api;

/**
 * The throughput and state of one node, or of all nodes together, at one moment.
 *
 * <p>Counters ({@code messagesIn}...) count since the node started; rates are per second over the
 * last sampling interval. Messages in are PUBLISH packets received from clients; messages out are
 * PUBLISH packets sent to subscribers; bytes are payload bytes. Dropped messages are those a full
 * queue discarded, that expired before delivery or were too large for their subscriber.
 *
 * @param at epoch milliseconds when the figures were taken
 */
public record Figures(long at,
                      double messagesInPerSecond, double messagesOutPerSecond,
                      double bytesInPerSecond, double bytesOutPerSecond, double droppedPerSecond,
                      long messagesIn, long messagesOut, long bytesIn, long bytesOut, long dropped,
                      int connections, int sessions, int subscriptions, int retained) {
}
