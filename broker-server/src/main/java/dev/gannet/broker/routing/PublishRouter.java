package dev.gannet.broker.routing;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.metrics.BrokerMetrics;
import dev.gannet.broker.retain.RetainedMessages;
import dev.gannet.broker.session.Delivery;
import dev.gannet.broker.session.Session;
import dev.gannet.broker.subscription.Subscription;
import dev.gannet.broker.subscription.TopicTree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The publish path after a message is accepted: keep it as retained if asked, find every matching
 * subscription, and hand one delivery to each session.
 *
 * <p>A client with several matching (unshared) subscriptions gets the message once, at the highest
 * QoS any of them granted (MQTT 3.1.1 section 3.3.5 allows either; one copy is what most
 * applications expect). Each matching shared group gets it once, for the member picked.
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
        Map<Session, Integer> direct = new HashMap<>();
        List<Subscription<Session>> sharedPicks = new ArrayList<>(0);
        topics.match(message.topic(),
                subscription -> direct.merge(subscription.subscriber(), subscription.options().qos(), Math::max),
                group -> {
                    Subscription<Session> pick = group.pick(Session::isConnected, Session::canQueueWhileOffline);
                    if (pick != null) {
                        sharedPicks.add(pick);
                    }
                });
        // RETAIN is cleared on messages sent to existing subscriptions (MQTT-3.3.1-9).
        direct.forEach((session, grantedQos) ->
                session.deliver(new Delivery(message, Math.min(message.qos(), grantedQos), false)));
        for (Subscription<Session> pick : sharedPicks) {
            pick.subscriber().deliver(new Delivery(message, Math.min(message.qos(), pick.options().qos()), false));
        }
        int receivers = direct.size() + sharedPicks.size();
        if (receivers == 0) {
            metrics.droppedNoSubscriber();
        }
        return receivers;
    }
}
