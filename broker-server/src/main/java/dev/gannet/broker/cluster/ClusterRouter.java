package dev.gannet.broker.cluster;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.routing.RouteTarget;
import dev.gannet.broker.storage.QueueTarget;
import dev.gannet.broker.storage.cluster.ClusterSession;
import dev.gannet.broker.storage.cluster.ClusterQueues;
import dev.gannet.broker.subscription.Subscription;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Routes one message of the publish log to every matching session in the cluster, with the same
 * rules as the single-node router (one copy per client at the highest granted QoS, "no local",
 * "retain as published", one member per shared group). A persistent session's QoS 1/2 copy is
 * appended to its queue in Redis first; the append says, atomically, which node holds the queue
 * now, and that node gets the delivery. Everything else goes to the node the directory names.
 */
final class ClusterRouter {

    /** Sends a command to a node: straight to this node's own handler, or through the node's downlink. */
    interface Dispatcher {
        CompletableFuture<Void> send(String nodeId, DownlinkCommand command);
    }

    private final SubscriptionIndex index;
    private final Function<String, Optional<ClusterSession>> directory;
    private final ClusterQueues queues;
    private final Dispatcher dispatcher;
    private final java.util.function.Predicate<String> alive;
    private final java.util.concurrent.Executor dispatchExecutor;

    ClusterRouter(SubscriptionIndex index, Function<String, Optional<ClusterSession>> directory, ClusterQueues queues,
                  Dispatcher dispatcher, java.util.function.Predicate<String> alive, java.util.concurrent.Executor dispatchExecutor) {
        this.dispatchExecutor = dispatchExecutor;
        this.index = index;
        this.directory = directory;
        this.queues = queues;
        this.dispatcher = dispatcher;
        this.alive = alive;
    }

    /** Completes once every copy is stored or handed to the node that delivers it. */
    CompletableFuture<Void> route(Message message) {
        Map<String, RouteTarget> direct = new HashMap<>();
        List<Subscription<String>> sharedPicks = new ArrayList<>(0);
        index.match(message.topic(),
                subscription -> {
                    String clientId = subscription.subscriber();
                    if (subscription.options().noLocal() && clientId.equals(message.publisherId())) {
                        return;
                    }
                    direct.computeIfAbsent(clientId, id -> new RouteTarget()).add(subscription.options());
                },
                group -> {
                    Subscription<String> pick = group.pick(this::isConnected, this::isPersistent);
                    if (pick != null) {
                        sharedPicks.add(pick);
                    }
                });
        if (direct.isEmpty() && sharedPicks.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<QueueTarget> stored = new ArrayList<>(0);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        direct.forEach((clientId, target) -> copy(message, clientId, target, stored, sent));
        for (Subscription<String> pick : sharedPicks) {
            copy(message, pick.subscriber(), RouteTarget.of(pick.options()), stored, sent);
        }
        if (!stored.isEmpty()) {
            // Dispatched off the store's I/O thread: a Kafka send may wait for metadata.
            sent.add(queues.enqueueWithOwners(message, stored).thenComposeAsync(owners -> {
                List<CompletableFuture<Void>> deliveries = new ArrayList<>();
                for (QueueTarget t : stored) {
                    String owner = owners.get(t.clientId());
                    // No liveness check: a holder wrongly taken for dead would never get it, and a
                    // dead node's downlink costs nothing.
                    if (owner != null) {
                        deliveries.add(dispatcher.send(owner, new DownlinkCommand.Deliver(t.clientId(), t.entryId(), t.qos(),
                                t.retain(), t.subscriptionIdentifiers(), message)));
                    }
                }
                return CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new));
            }, dispatchExecutor));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    /** One client's copy: into its stored queue (persistent, QoS 1/2), else straight to the node holding it. */
    private void copy(Message message, String clientId, RouteTarget target, List<QueueTarget> stored,
                      List<CompletableFuture<Void>> sent) {
        Optional<ClusterSession> session = directory.apply(clientId);
        if (session.isEmpty()) {
            return; // ended after the index was read
        }
        ClusterSession s = session.get();
        int qos = target.qos(message);
        boolean retain = target.retain(message);
        if (qos > 0 && s.expiryIntervalSeconds() > 0) {
            stored.add(new QueueTarget(clientId, queues.newEntryId(), qos, retain, target.identifiers()));
        } else if (s.connected() && s.nodeId() != null && alive.test(s.nodeId())) {
            sent.add(dispatcher.send(s.nodeId(), new DownlinkCommand.Deliver(clientId, 0, qos, retain, target.identifiers(),
                    message)));
        }
    }

    private boolean isConnected(String clientId) {
        return directory.apply(clientId).map(s -> s.connected() && s.nodeId() != null && alive.test(s.nodeId())).orElse(false);
    }

    private boolean isPersistent(String clientId) {
        return directory.apply(clientId).map(s -> s.expiryIntervalSeconds() > 0).orElse(false);
    }
}
