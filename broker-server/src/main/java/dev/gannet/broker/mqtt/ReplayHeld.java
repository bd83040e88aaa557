package dev.gannet.broker.mqtt;

/**
 * A pipeline event: the CONNECT completed after a pause (a cluster takeover after enhanced
 * authentication); the packets held meanwhile are handled now.
 */
enum ReplayHeld {
    INSTANCE
}
