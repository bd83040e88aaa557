package dev.gannet.broker.storage;

import dev.gannet.broker.message.Message;

import java.util.List;

/**
 * A message waiting in, or in flight from, a client's queue.
 *
 * @param packetId 0 while waiting; the packet id it was sent with once in flight
 * @param released true once a QoS 2 message's PUBREC came back (PUBREL phase)
 */
public record StoredEntry(long entryId, Message message, int qos, boolean retain, List<Integer> subscriptionIdentifiers,
                          int packetId, boolean released) {

    public boolean inFlight() {
        return packetId != 0;
    }
}
