package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.storage.MessageQueueStore;
import dev.gannet.broker.storage.QueueTarget;
import dev.gannet.broker.storage.StoredEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The queues of persistent sessions in cluster mode, by client type as TBMQ keeps them: DEVICE
 * clients (many, receiving little) in Redis, APPLICATION clients (few, receiving a lot, needing
 * every message while away) in a Kafka topic each. The type comes from the session directory.
 * Both share Redis's owner of each queue and its entry ids.
 *
 * <p>A client whose type changed between connections (other credentials) may have entries in
 * both: {@link #entries} returns both, devices' first; marks and removals follow the current
 * type, so an entry left in the other store is delivered again later rather than lost.
 */
public final class ClusterQueues implements MessageQueueStore {

    private final RedisQueueStore devices;
    private final KafkaApplicationQueueStore applications;
    private final Predicate<String> isApplication;

    /**
     * @param isApplication true when the session directory says the client is an APPLICATION
     */
    public ClusterQueues(RedisQueueStore devices, KafkaApplicationQueueStore applications, Predicate<String> isApplication) {
        this.devices = devices;
        this.applications = applications;
        this.isApplication = isApplication;
    }

    private MessageQueueStore of(String clientId) {
        return isApplication.test(clientId) ? applications : devices;
    }

    @Override
    public long newEntryId() {
        return devices.newEntryId();
    }

    @Override
    public CompletableFuture<Void> enqueue(Message message, List<QueueTarget> targets) {
        return enqueueWithOwners(message, targets).thenApply(owners -> null);
    }

    /** Appends to each target's queue and returns who held each queue at that moment (see the stores). */
    public CompletableFuture<Map<String, String>> enqueueWithOwners(Message message, List<QueueTarget> targets) {
        List<QueueTarget> toDevices = new ArrayList<>(targets.size());
        List<QueueTarget> toApplications = new ArrayList<>(0);
        for (QueueTarget target : targets) {
            (isApplication.test(target.clientId()) ? toApplications : toDevices).add(target);
        }
        if (toApplications.isEmpty()) {
            return devices.enqueueWithOwners(message, toDevices);
        }
        if (toDevices.isEmpty()) {
            return applications.enqueueWithOwners(message, toApplications);
        }
        return devices.enqueueWithOwners(message, toDevices).thenCombine(applications.enqueueWithOwners(message, toApplications),
                (a, b) -> {
                    Map<String, String> owners = new HashMap<>(a);
                    owners.putAll(b);
                    return owners;
                });
    }

    @Override
    public CompletableFuture<Void> markInFlight(String clientId, long entryId, int packetId) {
        return of(clientId).markInFlight(clientId, entryId, packetId);
    }

    @Override
    public CompletableFuture<Void> markReleased(String clientId, long entryId) {
        return of(clientId).markReleased(clientId, entryId);
    }

    @Override
    public CompletableFuture<Void> remove(String clientId, long entryId) {
        return of(clientId).remove(clientId, entryId);
    }

    @Override
    public CompletableFuture<Void> rememberInbound(String clientId, int packetId) {
        return devices.rememberInbound(clientId, packetId); // one set per client, in Redis, for both types
    }

    @Override
    public CompletableFuture<Void> forgetInbound(String clientId, int packetId) {
        return devices.forgetInbound(clientId, packetId);
    }

    @Override
    public List<StoredEntry> entries(String clientId) {
        List<StoredEntry> all = new ArrayList<>(devices.entries(clientId));
        Set<Long> seen = new HashSet<>();
        all.forEach(e -> seen.add(e.entryId()));
        for (StoredEntry e : applications.entries(clientId)) { // empty at once when the client has no topic
            if (seen.add(e.entryId())) {
                all.add(e);
            }
        }
        return all;
    }

    @Override
    public Set<Integer> inbound(String clientId) {
        return devices.inbound(clientId);
    }

    /** Makes {@code nodeId} the holder of the client's queue, whichever store it is in. */
    public CompletableFuture<String> claimOwner(String clientId, String nodeId) {
        return devices.claimOwner(clientId, nodeId);
    }

    /** Deletes everything kept for the client in both stores. */
    public CompletableFuture<Void> deleteClient(String clientId) {
        return CompletableFuture.allOf(devices.deleteClient(clientId), applications.deleteClient(clientId));
    }

    public void close() {
        applications.close();
        devices.close();
    }
}
