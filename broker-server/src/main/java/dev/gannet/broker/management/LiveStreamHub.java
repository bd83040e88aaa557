package dev.gannet.broker.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gannet.model.api.StatsSnapshot;
import dev.gannet.model.api.Topology;
import io.javalin.http.sse.SseClient;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clients of the live stream. Each second every client gets a {@code stats} event (the
 * figures), and a {@code topology} event when the nodes changed; a new client gets both at once.
 * Each event is written as JSON once, however many clients listen.
 */
final class LiveStreamHub implements AutoCloseable {

    private final ObjectMapper json;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private volatile String lastTopology;

    LiveStreamHub(ObjectMapper json) {
        this.json = json;
    }

    void join(SseClient client, StatsSnapshot stats, Topology topology) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        send(client, "topology", write(topology));
        send(client, "stats", write(stats));
        clients.add(client);
    }

    /**
     * Pushes the figures just sampled; the topology goes out when it differs from the last one
     * sent, ignoring what changes every second (uptime, connection counts, sessions).
     */
    void publish(StatsSnapshot stats, Topology topology) {
        if (clients.isEmpty()) {
            return;
        }
        String statsEvent = write(stats);
        String topologyKey = topology.mode() + topology.nodes().stream()
                .map(n -> n.id() + n.status() + n.address() + n.listeners()).toList();
        String topologyEvent = topologyKey.equals(lastTopology) ? null : write(topology);
        lastTopology = topologyKey;
        for (SseClient client : clients) {
            if (topologyEvent != null) {
                send(client, "topology", topologyEvent);
            }
            send(client, "stats", statsEvent);
        }
    }

    private void send(SseClient client, String event, String data) {
        if (client.terminated()) {
            clients.remove(client);
            return;
        }
        try {
            client.sendEvent(event, data);
        } catch (RuntimeException e) {
            clients.remove(client); // the client went away mid-write
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    @Override
    public void close() {
        for (SseClient client : clients) {
            client.close();
        }
        clients.clear();
    }
}
