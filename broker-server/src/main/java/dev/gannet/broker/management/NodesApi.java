package dev.gannet.broker.management;

import dev.gannet.broker.metrics.PrometheusMetrics;
import dev.gannet.broker.transport.Transport;
import dev.gannet.model.api.ConfigEntry;
import dev.gannet.model.api.Health;
import dev.gannet.model.api.NodeInfo;
import dev.gannet.model.api.NodeStatus;
import dev.gannet.model.api.StatsHistory;
import dev.gannet.model.api.Topology;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Health, nodes and topology, figures now and over time, Prometheus text, the running configuration. */
final class NodesApi {

    private final ManagedBroker broker;
    private final StatsSampler stats;
    private final StatsArchive archive;
    private final PrometheusMetrics prometheus;
    /** This node's address and listener URLs: fixed once the listeners are bound, so worked out once. */
    private final String address;
    private final Map<String, String> listeners = new TreeMap<>();

    NodesApi(ManagedBroker broker, StatsSampler stats, StatsArchive archive, PrometheusMetrics prometheus) {
        this.broker = broker;
        this.stats = stats;
        this.archive = archive;
        this.prometheus = prometheus;
        String host = broker.config().mqtt().host();
        // looked up here, not per call: the topology goes out every second, and a host name lookup may wait on DNS
        address = host.equals("0.0.0.0") || host.equals("::") ? localHostName() : host;
        broker.listenerPorts().forEach((transport, port) -> listeners.put(transport.name(), transport.scheme() + "://" + address
                + ":" + port + (transport == Transport.WS || transport == Transport.WSS ? broker.config().listeners().wsPath() : "")));
    }

    void register(Routes routes) {
        routes.get("/api/health", this::health);
        routes.get("/api/nodes", ctx -> ctx.json(nodes()));
        routes.get("/api/topology", ctx -> ctx.json(topology()));
        routes.get("/api/stats", ctx -> ctx.json(stats.snapshot()));
        routes.get("/api/stats/history", this::history);
        routes.get("/api/config", ctx -> ctx.json(configuration()));
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(prometheus.scrape()));
    }

    private void health(Context ctx) {
        ctx.json(new Health("UP", broker.nodeId(), broker.version(), System.currentTimeMillis() - broker.startedAt()));
    }

    Topology topology() {
        return new Topology(broker.mode(), nodes());
    }

    /** This node first, then the other nodes of the cluster by id. */
    private List<NodeInfo> nodes() {
        List<NodeInfo> nodes = new java.util.ArrayList<>();
        nodes.add(node());
        broker.peers().stream().sorted(java.util.Comparator.comparing(NodeInfo::id)).forEach(nodes::add);
        return nodes;
    }

    private NodeInfo node() {
        long now = System.currentTimeMillis();
        return new NodeInfo(broker.nodeId(), address, broker.version(), NodeStatus.ONLINE, broker.startedAt(),
                now - broker.startedAt(), broker.metrics().connections(), broker.sessions().size(), listeners);
    }

    private static String localHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /**
     * The last hour comes from memory, a sample a second; longer windows from the metadata database,
     * a sample a minute (so their step is at least 60 s).
     */
    private void history(Context ctx) {
        int retentionSeconds = broker.config().http().statisticsRetentionDays() * 86_400;
        int seconds = Requests.intParam(ctx, "seconds", StatsSampler.HISTORY_SECONDS, 1, retentionSeconds);
        int step = Requests.intParam(ctx, "step", 1, 1, retentionSeconds);
        String node = Requests.textParam(ctx, "node");
        if (node != null && !node.equals(broker.nodeId())) {
            throw ApiProblem.notFound("no node '" + node + "' in this broker");
        }
        if (seconds <= StatsSampler.HISTORY_SECONDS) {
            ctx.json(stats.history(seconds, step, node));
            return;
        }
        int minuteStep = Math.max(step, 60) / 60 * 60;
        long now = System.currentTimeMillis();
        ctx.json(new StatsHistory(node, minuteStep, archive.history(now - seconds * 1000L, now + 1, minuteStep)));
    }

    private List<ConfigEntry> configuration() {
        return broker.config().settings().stream()
                .map(s -> new ConfigEntry(s.key(), s.value(), s.environmentVariable(), s.source()))
                .toList();
    }
}
