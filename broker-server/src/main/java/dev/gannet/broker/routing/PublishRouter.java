package dev.gannet.broker.routing;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.metrics.BrokerMetrics;
import dev.gannet.broker.retain.RetainedMessages;
import dev.gannet.broker.session.Delivery;
import dev.gannet.broker.session.Session;
import dev.gannet.broker.subscription.Subscription;
import dev.gannet.broker.subscription.SubscriptionOptions;
import dev.gannet.broker.subscription.TopicTree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The publish path after a message is accepted: keep it as retained if asked, find every matching
 * subscription, and hand one delivery to each session.
 *
 * <p>A client with several matching (unshared) subscriptions gets the message once (MQTT 3.1.1
 * section 3.3.5 and MQTT 5 section 3.3.4 allow either), at the highest QoS any of them granted,
 * carrying the identifiers of all of them, with RETAIN kept if any of them asked for "retain as
 * published". A "no local" subscription does not match its own client's messages. Each matching
 * shared group gets the message once, for the member picked.
 */
public final class PublishRouter {

    private final TopicTree<Session> topics;
    private final RetainedMessages retained;
    private final BrokerMetrics metrics;

    public PublishRouter(TopicTree<Session> topics, RetainedMessages retained, BrokerMetrics metrics) {
        this.topics = topics;
        this.retained = retained;
        this.metrics = metrics;
    }

    /** Routes {@code message}; returns how many sessions it was handed to. */
    public int publish(Message message) {
        if (message.retain()) {
            retained.apply(message);
        }
        Map<Session, Target> direct = new HashMap<>();
        List<Subscription<Session>> sharedPicks = new ArrayList<>(0);
        topics.match(message.topic(),
                subscription -> {
                    SubscriptionOptions options = subscription.options();
                    Session session = subscription.subscriber();
                    if (options.noLocal() && session.clientId().equals(message.publisherId())) {
                        return;
                    }
                    direct.computeIfAbsent(session, s -> new Target()).add(options);
                },
                group -> {
                    Subscription<Session> pick = group.pick(Session::isConnected, Session::canQueueWhileOffline);
                    if (pick != null) {
                        sharedPicks.add(pick);
                    }
                });
        direct.forEach((session, target) -> session.deliver(new Delivery(message,
                Math.min(message.qos(), target.qos),
                // RETAIN is cleared on messages sent to existing subscriptions unless asked otherwise.
                target.retainAsPublished && message.retain(),
                target.identifiers)));
        for (Subscription<Session> pick : sharedPicks) {
            SubscriptionOptions options = pick.options();
            pick.subscriber().deliver(new Delivery(message, Math.min(message.qos(), options.qos()),
                    options.retainAsPublished() && message.retain(), identifiers(options)));
        }
        int receivers = direct.size() + sharedPicks.size();
        if (receivers == 0) {
            metrics.droppedNoSubscriber();
        }
        return receivers;
    }

    private static List<Integer> identifiers(SubscriptionOptions options) {
        return options.subscriptionIdentifier() == 0 ? List.of() : List.of(options.subscriptionIdentifier());
    }

    /** What one session's matching subscriptions add up to. */
    private static final class Target {
        int qos = -1;
        boolean retainAsPublished;
        List<Integer> identifiers = List.of();

        void add(SubscriptionOptions options) {
            qos = Math.max(qos, options.qos());
            retainAsPublished |= options.retainAsPublished();
            if (options.subscriptionIdentifier() != 0) {
                if (identifiers.isEmpty()) {
                    identifiers = new ArrayList<>(2);
                }
                identifiers.add(options.subscriptionIdentifier());
            }
        }
    }
}
