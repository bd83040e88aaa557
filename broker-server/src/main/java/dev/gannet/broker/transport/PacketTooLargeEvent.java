package dev.gannet.broker.transport;

/** Fired down the pipeline when a packet's fixed header announces more bytes than allowed. */
public record PacketTooLargeEvent(long size, int limit) {
}
