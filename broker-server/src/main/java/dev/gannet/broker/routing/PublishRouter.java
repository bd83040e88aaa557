package dev.gannet.broker.routing;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.metrics.BrokerMetrics;
import dev.gannet.broker.retain.RetainedMessages;
import dev.gannet.broker.session.Delivery;
import dev.gannet.broker.session.Session;
import dev.gannet.broker.storage.BrokerStore;
import dev.gannet.broker.storage.QueueTarget;
import dev.gannet.broker.subscription.Subscription;
import dev.gannet.broker.subscription.SubscriptionOptions;
import dev.gannet.broker.subscription.TopicTree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The publish path after a message is accepted, in two steps. {@link #route} finds every matching
 * subscription and writes what must survive a crash (the copies for persistent sessions, the
 * retained message) to the store; {@link #deliver} hands the message to the sessions once that
 * write is durable. The publisher is acknowledged after the same write, so an acknowledged
 * message always reaches every persistent session that matched it, restart or not.
 *
 * <p>A client with several matching (unshared) subscriptions gets the message once (MQTT 3.1.1
 * section 3.3.5 and MQTT 5 section 3.3.4 allow either), at the highest QoS any of them granted,
 * carrying the identifiers of all of them, with RETAIN kept if any of them asked for "retain as
 * published". A "no local" subscription does not match its own client's messages. Each matching
 * shared group gets the message once, for the member picked.
 */
public final class PublishRouter {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final TopicTree<Session> topics;
    private final RetainedMessages retained;
    private final BrokerMetrics metrics;
    private final BrokerStore store;

    /**
     * A message with its recipients, and the store write that must complete before delivery.
     * {@code forwarded}: the message went to the cluster's publish log, whose routing node
     * delivers it; the recipients are not known here.
     */
    public record Route(Message message, List<Session> sessions, List<Delivery> deliveries, CompletableFuture<Void> durable,
                        boolean forwarded) {

        public Route(Message message, List<Session> sessions, List<Delivery> deliveries, CompletableFuture<Void> durable) {
            this(message, sessions, deliveries, durable, false);
        }

        /** How many sessions the message goes to; -1 when not known here (forwarded). */
        public int receivers() {
            return forwarded ? -1 : sessions.size();
        }
    }

    /** Where accepted messages go instead of being matched here: a cluster's shared publish log. */
    public interface Forwarder {
        /** Completes once the message is durably in the log. */
        CompletableFuture<Void> forward(Message message);
    }

    /** Non-null in cluster mode. */
    private volatile Forwarder forwarder;

    public PublishRouter(TopicTree<Session> topics, RetainedMessages retained, BrokerMetrics metrics, BrokerStore store) {
        this.topics = topics;
        this.retained = retained;
        this.metrics = metrics;
        this.store = store;
    }

    /** A router that keeps nothing in a store. */
    public PublishRouter(TopicTree<Session> topics, RetainedMessages retained, BrokerMetrics metrics) {
        this(topics, retained, metrics, null);
    }

    /** Routes and delivers {@code message} as soon as it is durable; returns how many sessions it goes to. */
    public int publish(Message message) {
        Route route = route(message);
        route.durable().thenRun(() -> deliver(route));
        return route.receivers();
    }

    /** From now on, accepted messages go to {@code forwarder} (cluster mode) instead of being matched here. */
    public void forwardTo(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    /**
     * Finds the recipients and starts the store write; delivers nothing yet. In cluster mode the
     * message is written to the publish log instead, and its retained copy to the store.
     */
    public Route route(Message message) {
        Forwarder cluster = forwarder;
        if (cluster != null) {
            CompletableFuture<Void> logged = cluster.forward(message);
            CompletableFuture<Void> durable = message.retain() ? CompletableFuture.allOf(logged, persist(message, List.of())) : logged;
            return new Route(message, List.of(), List.of(), durable, true);
        }
        Map<Session, RouteTarget> direct = new HashMap<>();
        List<Subscription<Session>> sharedPicks = new ArrayList<>(0);
        topics.match(message.topic(),
                subscription -> {
                    SubscriptionOptions options = subscription.options();
                    Session session = subscription.subscriber();
                    if (options.noLocal() && session.clientId().equals(message.publisherId())) {
                        return;
                    }
                    direct.computeIfAbsent(session, s -> new RouteTarget()).add(options);
                },
                group -> {
                    Subscription<Session> pick = group.pick(Session::isConnected, Session::canQueueWhileOffline);
                    if (pick != null) {
                        sharedPicks.add(pick);
                    }
                });
        List<Session> sessions = new ArrayList<>(direct.size() + sharedPicks.size());
        List<Delivery> deliveries = new ArrayList<>(direct.size() + sharedPicks.size());
        List<QueueTarget> stored = new ArrayList<>(0);
        direct.forEach((session, target) -> add(session, message, target, sessions, deliveries, stored));
        for (Subscription<Session> pick : sharedPicks) {
            add(pick.subscriber(), message, RouteTarget.of(pick.options()), sessions, deliveries, stored);
        }
        return new Route(message, sessions, deliveries, persist(message, stored));
    }

    private void add(Session session, Message message, RouteTarget target, List<Session> sessions, List<Delivery> deliveries,
                     List<QueueTarget> stored) {
        int qos = target.qos(message);
        boolean retain = target.retain(message);
        List<Integer> identifiers = target.identifiers();
        long entryId = 0;
        if (qos > 0 && session.isStored()) {
            entryId = store.queues().newEntryId();
            stored.add(new QueueTarget(session.clientId(), entryId, qos, retain, identifiers));
        }
        sessions.add(session);
        deliveries.add(new Delivery(message, qos, retain, identifiers, entryId));
    }

    private CompletableFuture<Void> persist(Message message, List<QueueTarget> stored) {
        if (store == null) {
            return DONE;
        }
        CompletableFuture<Void> queued = stored.isEmpty() ? DONE : store.queues().enqueue(message, stored);
        if (!message.retain()) {
            return queued;
        }
        CompletableFuture<Void> kept = message.payload().length == 0
                ? store.retained().remove(message.topic()) : store.retained().put(message);
        return CompletableFuture.allOf(queued, kept);
    }

    /** Keeps the message as retained if asked, and hands it to every recipient. */
    public void deliver(Route route) {
        if (route.message().retain()) {
            retained.apply(route.message());
        }
        for (int i = 0; i < route.sessions().size(); i++) {
            route.sessions().get(i).deliver(route.deliveries().get(i));
        }
        if (route.receivers() == 0) { // -1 when forwarded: counted by the routing node
            metrics.droppedNoSubscriber();
        }
    }
}
