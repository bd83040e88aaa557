package dev.gannet.model.api;

import java.util.List;

/**
 * One session in full: what the list shows, its subscriptions, and its message counters.
 *
 * @param messagesReceived PUBLISH packets received from this client since the session began (on this node)
 * @param messagesSent     PUBLISH packets sent to this client since the session began (on this node)
 */
public record SessionDetails(SessionInfo session, List<SubscriptionInfo> subscriptions, long messagesReceived,
                             long messagesSent) {

    public SessionDetails {
        subscriptions = List.copyOf(subscriptions);
    }
}
