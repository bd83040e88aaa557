package dev.gannet.broker.storage.embedded;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.storage.QueueTarget;
import dev.gannet.broker.storage.StoredSubscription;

import java.util.List;

/**
 * One change to the stored state: the unit the log records, replays and snapshots. Applying the
 * changes of a log in order rebuilds the state it describes.
 */
sealed interface Change {

    record SessionSaved(String clientId, long expiryIntervalSeconds) implements Change {
    }

    record SessionRemoved(String clientId) implements Change {
    }

    record SubscriptionSaved(String clientId, StoredSubscription subscription) implements Change {
    }

    record SubscriptionRemoved(String clientId, String filter) implements Change {
    }

    record Enqueued(long messageId, Message message, List<QueueTarget> targets) implements Change {
    }

    record InFlight(String clientId, long entryId, int packetId) implements Change {
    }

    record Released(String clientId, long entryId) implements Change {
    }

    record Removed(String clientId, long entryId) implements Change {
    }

    record InboundRemembered(String clientId, int packetId) implements Change {
    }

    record InboundForgotten(String clientId, int packetId) implements Change {
    }

    record RetainedPut(Message message) implements Change {
    }

    record RetainedRemoved(String topic) implements Change {
    }
}
