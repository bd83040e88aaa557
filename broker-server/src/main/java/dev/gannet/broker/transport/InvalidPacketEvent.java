package dev.gannet.broker.transport;

/**
 * Fired instead of a packet whose raw bytes break a rule Netty's decoder cannot see (ill-formed
 * UTF-8, reserved bits set). {@code malformed} distinguishes a malformed packet (MQTT 5 0x81) from
 * a protocol error (0x82).
 */
public record InvalidPacketEvent(String problem, boolean malformed) {
}
