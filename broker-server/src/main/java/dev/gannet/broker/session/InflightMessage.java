package dev.gannet.broker.session;

/** A QoS 1 or 2 message sent to the client and not yet completely acknowledged. */
record InflightMessage(int packetId, Delivery delivery, Phase phase) {

    enum Phase {
        /** QoS 1 PUBLISH sent, waiting for PUBACK. */
        AWAITING_PUBACK,
        /** QoS 2 PUBLISH sent, waiting for PUBREC. */
        AWAITING_PUBREC,
        /** QoS 2 PUBREC received and PUBREL sent, waiting for PUBCOMP. */
        AWAITING_PUBCOMP
    }

    InflightMessage withPhase(Phase next) {
        return new InflightMessage(packetId, delivery, next);
    }
}
