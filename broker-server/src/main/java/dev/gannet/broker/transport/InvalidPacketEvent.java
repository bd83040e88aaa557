package dev.gannet.broker.transport;

/**
 * Fired instead of a packet whose raw bytes break a rule Netty's decoder cannot see (ill-formed
 * UTF-8, reserved bits set, MQTT 5 property rules). {@code malformed} distinguishes a malformed
 * packet (MQTT 5 0x81) from a protocol error (0x82). {@code mqtt5Connect} marks a problem found in
 * an MQTT 5 CONNECT, which the broker may answer with a CONNACK carrying that reason code.
 */
public record InvalidPacketEvent(String problem, boolean malformed, boolean mqtt5Connect) {

    public InvalidPacketEvent(String problem, boolean malformed) {
        this(problem, malformed, false);
    }
}
