package dev.gannet.broker.metadata;

/** One reading of one broker figure on one node at one time (epoch milliseconds). */
public record StatisticSample(String nodeId, String name, long sampledAt, long reading) {
}
