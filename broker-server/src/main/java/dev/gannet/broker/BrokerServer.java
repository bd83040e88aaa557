package dev.gannet.broker;

import dev.gannet.broker.auth.Authenticator;
import dev.gannet.broker.auth.Authorizer;
import dev.gannet.broker.auth.CredentialsAuthenticator;
import dev.gannet.broker.auth.EnhancedAuthenticator;
import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.config.ConfigException;
import dev.gannet.broker.message.Message;
import dev.gannet.broker.metadata.ClientDetailsRecorder;
import dev.gannet.broker.metadata.MetadataDatabase;
import dev.gannet.broker.metrics.BrokerMetrics;
import dev.gannet.broker.mqtt.BrokerContext;
import dev.gannet.broker.mqtt.ServerShuttingDown;
import dev.gannet.broker.retain.RetainedMessages;
import dev.gannet.broker.routing.PublishRouter;
import dev.gannet.broker.session.SessionLimits;
import dev.gannet.broker.session.SessionRegistry;
import dev.gannet.broker.storage.StoredEntry;
import dev.gannet.broker.storage.StoredSession;
import dev.gannet.broker.storage.embedded.EmbeddedStore;
import dev.gannet.broker.transport.EventLoops;
import dev.gannet.broker.transport.MqttChannelInitializer;
import dev.gannet.broker.transport.TlsContexts;
import dev.gannet.broker.transport.Transport;
import io.netty.handler.ssl.SslContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The composition root: builds the broker's parts from one configuration, starts the listeners,
 * and stops everything in order.
 */
public final class BrokerServer implements AutoCloseable, dev.gannet.broker.management.ManagedBroker {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerServer.class);
    /** The identity of an embedded node in shared records; cluster nodes are named by cluster.node-id. */
    private static final String EMBEDDED_NODE_ID = "local";

    private final BrokerConfig config;
    /** Null: the credentials in the metadata database decide (see {@link CredentialsAuthenticator}). */
    private final Authenticator fixedAuthenticator;
    private CredentialsAuthenticator credentials;
    private dev.gannet.broker.auth.BlockList blockList;
    /** Runs authenticators off the network threads: a password hash takes milliseconds. */
    private ExecutorService authExecutor;
    private final Authorizer authorizer;
    private final Map<String, EnhancedAuthenticator> enhancedAuthenticators = new HashMap<>();
    private final BrokerMetrics metrics = new BrokerMetrics();
    private final RetainedMessages retained = new RetainedMessages();
    private dev.gannet.broker.storage.BrokerStore store;
    /** This node's part in a cluster; null in embedded mode. */
    private dev.gannet.broker.cluster.ClusterNode clusterNode;
    private final String nodeId;
    private MetadataDatabase metadata;
    private ClientDetailsRecorder clientDetails = ClientDetailsRecorder.NONE;
    /** The generated password of the first administrator, to be shown once; null when none was generated. */
    private String generatedAdminPassword;
    private SessionRegistry sessions;
    private PublishRouter router;
    private BrokerContext context;
    private final ChannelGroup connections = new DefaultChannelGroup("gannet-connections", GlobalEventExecutor.INSTANCE);
    private volatile boolean shuttingDown;
    private EventLoops loops;
    /** The bound listeners, in the order they were started. */
    private final Map<Transport, Channel> listeners = new java.util.EnumMap<>(Transport.class);
    private dev.gannet.broker.management.ManagementServer management;
    private long startedAt;
    private FileChannel lockChannel;
    private FileLock dataDirLock;

    /** A broker that authenticates clients against the credentials in its metadata database. */
    public BrokerServer(BrokerConfig config) {
        this(config, null, Authorizer.ALLOW_ALL);
    }

    public BrokerServer(BrokerConfig config, Authenticator authenticator, Authorizer authorizer) {
        this(config, authenticator, authorizer, List.of());
    }

    /**
     * @param enhancedAuthenticators MQTT 5 enhanced authentication methods clients may name in CONNECT
     */
    public BrokerServer(BrokerConfig config, Authenticator authenticator, Authorizer authorizer,
                        List<EnhancedAuthenticator> enhancedAuthenticators) {
        this.config = config;
        this.nodeId = config.cluster().enabled() ? config.cluster().nodeId() : EMBEDDED_NODE_ID;
        this.fixedAuthenticator = authenticator;
        this.authorizer = authorizer;
        for (EnhancedAuthenticator method : enhancedAuthenticators) {
            this.enhancedAuthenticators.put(method.method(), method);
        }
        if (authenticator == null) {
            // SCRAM accounts live with the other credentials in the metadata database.
            for (dev.gannet.broker.auth.scram.ScramAlgorithm algorithm : dev.gannet.broker.auth.scram.ScramAlgorithm.values()) {
                this.enhancedAuthenticators.putIfAbsent(algorithm.mechanism(), new dev.gannet.broker.auth.scram.ScramAuthenticator(
                        algorithm, user -> credentials == null ? java.util.Optional.empty() : credentials.scramAccount(algorithm, user)));
            }
        }
    }

    /** Opens the store, builds the broker's parts on it and puts back what the store remembers. */
    private void assemble() {
        BrokerConfig.StorageConfig storage = config.storage();
        BrokerConfig.ClusterConfig cluster = config.cluster();
        if (cluster.enabled()) {
            metadata = MetadataDatabase.postgres(cluster.postgresUrl(), cluster.postgresUser(), cluster.postgresPassword());
            clusterNode = dev.gannet.broker.cluster.ClusterNode.open(config, retained);
            store = clusterNode.store();
        } else {
            store = EmbeddedStore.open(config.dataDir().resolve("store"), new EmbeddedStore.Options(
                    storage.fsync(), storage.fsyncIntervalMs(), storage.segmentBytes(), storage.salvage()));
            metadata = MetadataDatabase.embedded(config.dataDir().resolve("metadata"));
        }
        clientDetails = new ClientDetailsRecorder(metadata.clientDetails(), metadata.unauthorizedClients(), nodeId);
        blockList = new dev.gannet.broker.auth.BlockList(metadata.blockedClients());
        clientDetails.nodeStarted();
        createFirstAdministrator();
        Authenticator authenticator = fixedAuthenticator;
        if (authenticator == null) {
            credentials = new CredentialsAuthenticator(metadata.credentials(), config.security().allowAnonymous(),
                    config.security().authProviders());
            authenticator = credentials;
        }
        authExecutor = Executors.newFixedThreadPool(2, new io.netty.util.concurrent.DefaultThreadFactory("gannet-auth", true));
        // Delayed wills are published through the router, which is built from the registry's topic tree.
        sessions = new SessionRegistry(type -> SessionLimits.of(config.session(), type), metrics, this::publishWill, store);
        router = new PublishRouter(sessions.topics(), retained, metrics, store);
        context = new BrokerContext(config, sessions, retained, router, authenticator, authorizer, metrics,
                () -> shuttingDown, enhancedAuthenticators, clientDetails, authExecutor,
                dev.gannet.broker.auth.RateLimit.perSecond(config.security().maxConnectsPerSecond()), blockList);
        if (clusterNode != null) {
            // Sessions are restored on the node their client connects to, when it connects.
            clusterNode.join(sessions, router, this::heartbeat, this::reloadCredentials, blockList::refresh);
            LOG.info("Cluster node {}: {} sessions in the directory, {} retained messages", nodeId,
                    clusterNode.store().directory().all().size(), retained.size());
            return;
        }
        int restoredSessions = 0;
        int restoredMessages = 0;
        for (StoredSession stored : store.sessions().loadSessions()) {
            List<StoredEntry> entries = store.queues().entries(stored.clientId());
            sessions.restore(stored, entries, store.queues().inbound(stored.clientId()));
            restoredSessions++;
            restoredMessages += entries.size();
        }
        List<Message> retainedMessages = store.retained().loadAll();
        retainedMessages.forEach(retained::apply);
        LOG.info("Store {} restored {} sessions, {} queued or in-flight messages, {} retained messages",
                config.dataDir().resolve("store").toAbsolutePath(), restoredSessions, restoredMessages, retainedMessages.size());
    }

    /** What this node tells the other nodes about itself each second. */
    private dev.gannet.broker.cluster.NodeHeartbeat heartbeat() {
        String host = config.mqtt().host();
        String address = host.equals("0.0.0.0") || host.equals("::") ? localHost() : host;
        Map<String, String> urls = new java.util.TreeMap<>();
        listenerPorts().forEach((transport, port) -> urls.put(transport.name(), transport.scheme() + "://" + address + ":" + port
                + (transport == Transport.WS || transport == Transport.WSS ? config.listeners().wsPath() : "")));
        return new dev.gannet.broker.cluster.NodeHeartbeat(nodeId, address, version(), startedAt, System.currentTimeMillis(),
                metrics.connections(), sessions.size(), urls);
    }

    private volatile String localHost;

    private String localHost() {
        if (localHost == null) {
            try {
                localHost = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                localHost = "localhost";
            }
        }
        return localHost;
    }

    private void reloadCredentials() {
        if (credentials != null) {
            credentials.refresh();
        }
    }

    private void publishWill(Message will) {
        router.publish(will);
    }

    /** Locks the data directory and binds the listeners; returns once they accept connections. */
    public synchronized BrokerServer start() {
        if (loops != null) {
            throw new IllegalStateException("already started");
        }
        lockDataDir();
        try {
            assemble();
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        loops = new EventLoops(0);
        ChannelHandler tracker = new ConnectionTracker(connections);
        BrokerConfig.ListenersConfig wanted = config.listeners();
        try {
            // inside the try: a bad keystore or key must release the store and threads already opened
            SslContext ssl = wanted.tlsEnabled() || wanted.wssEnabled() ? TlsContexts.server(config.tls()) : null;
            if (wanted.tcpEnabled()) {
                bind(Transport.TCP, "mqtt.port", config.mqtt().port(), tracker, null);
            }
            if (wanted.tlsEnabled()) {
                bind(Transport.TLS, "mqtt.tls.port", wanted.tlsPort(), tracker, ssl);
            }
            if (wanted.wsEnabled()) {
                bind(Transport.WS, "mqtt.ws.port", wanted.wsPort(), tracker, null);
            }
            if (wanted.wssEnabled()) {
                bind(Transport.WSS, "mqtt.wss.port", wanted.wssPort(), tracker, ssl);
            }
            startedAt = System.currentTimeMillis();
            if (config.http().enabled()) {
                management = new dev.gannet.broker.management.ManagementServer(this).start();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /**
     * With no administrator yet, creates "admin": with {@code security.admin-password} when set,
     * else with a random password that {@link #generatedAdminPassword()} hands to the console once.
     */
    private void createFirstAdministrator() {
        var admins = metadata.adminUsers();
        if (!admins.all().isEmpty()) {
            return;
        }
        String password = config.security().adminPassword();
        if (password.isEmpty()) {
            byte[] random = new byte[15];
            new java.security.SecureRandom().nextBytes(random);
            password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            generatedAdminPassword = password;
        }
        admins.create(new dev.gannet.broker.metadata.AdminUser("admin", CredentialsAuthenticator.hash(password),
                System.currentTimeMillis()));
        LOG.info("Created the first administrator 'admin' ({})",
                generatedAdminPassword == null ? "password from security.admin-password" : "password shown on the console");
    }

    /** The password generated for the first administrator at this start, if any: show it once. */
    public java.util.Optional<String> generatedAdminPassword() {
        return java.util.Optional.ofNullable(generatedAdminPassword);
    }

    /** Reloads the blocked clients after they changed in the metadata database. */
    @Override
    public void refreshBlockedClients() {
        blockList.refresh();
        if (clusterNode != null) {
            clusterNode.blockedClientsChanged(); // the other nodes reload too
        }
    }

    /** Reloads the credentials after they changed in the metadata database (no-op with a fixed authenticator). */
    @Override
    public void refreshCredentials() {
        reloadCredentials();
        if (clusterNode != null) {
            clusterNode.credentialsChanged(); // the other nodes reload too
        }
    }

    /** The metadata database (credentials, client details); open after {@link #start()}. */
    @Override
    public MetadataDatabase metadata() {
        return metadata;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public String mode() {
        return clusterNode != null ? "cluster" : "embedded";
    }

    @Override
    public long startedAt() {
        return startedAt;
    }

    @Override
    public String version() {
        String version = BrokerServer.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public boolean removeRetained(String topic) {
        if (!retained.remove(topic)) {
            return false;
        }
        store.retained().remove(topic).join(); // durable before the caller hears it is gone
        return true;
    }

    /** The other nodes of the cluster, with their last heartbeat; none in embedded mode. */
    @Override
    public List<dev.gannet.model.api.NodeInfo> peers() {
        if (clusterNode == null) {
            return List.of();
        }
        long now = System.currentTimeMillis();
        return clusterNode.peers().stream().map(beat -> new dev.gannet.model.api.NodeInfo(beat.nodeId(), beat.address(),
                beat.version(), clusterNode.isAlive(beat.nodeId()) ? dev.gannet.model.api.NodeStatus.ONLINE
                        : dev.gannet.model.api.NodeStatus.OFFLINE, beat.startedAt(), now - beat.startedAt(),
                beat.connections(), beat.sessions(), beat.listeners())).toList();
    }

    /** This node's part in the cluster; empty in embedded mode. */
    public java.util.Optional<dev.gannet.broker.cluster.ClusterNode> clusterNode() {
        return java.util.Optional.ofNullable(clusterNode);
    }

    /** The port of the management endpoint; fails when it is not enabled. */
    public int managementPort() {
        if (management == null) {
            throw new IllegalStateException("the management endpoint is not enabled (http.enabled)");
        }
        return management.port();
    }

    private void bind(Transport transport, String portKey, int port, ChannelHandler tracker, SslContext ssl) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.boss(), loops.workers())
                .channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new MqttChannelInitializer(context, tracker, transport, ssl));
        try {
            Channel channel = bootstrap.bind(config.mqtt().host(), port).syncUninterruptibly().channel();
            listeners.put(transport, channel);
            LOG.info("{} listener on {} ({} transport)", transport, channel.localAddress(), loops.transportName());
        } catch (RuntimeException e) {
            throw new ConfigException("Cannot listen for " + transport + " on " + config.mqtt().host() + ":" + port
                    + " (mqtt.host / " + portKey + "): " + e.getMessage(), e);
        }
    }

    /** The listeners that run, with the port each is bound to (the real one when configured with 0). */
    @Override
    public Map<Transport, Integer> listenerPorts() {
        Map<Transport, Integer> ports = new java.util.EnumMap<>(Transport.class);
        listeners.forEach((transport, channel) -> ports.put(transport, ((InetSocketAddress) channel.localAddress()).getPort()));
        return ports;
    }

    /** The port of the plain TCP listener. */
    public int mqttPort() {
        return port(Transport.TCP);
    }

    /** The port a listener is bound to; fails when that listener is not enabled. */
    public int port(Transport transport) {
        Channel channel = listeners.get(transport);
        if (channel == null) {
            throw new IllegalStateException(transport + " listener is not enabled");
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public BrokerConfig config() {
        return config;
    }

    @Override
    public BrokerMetrics metrics() {
        return metrics;
    }

    @Override
    public SessionRegistry sessions() {
        return sessions;
    }

    @Override
    public RetainedMessages retained() {
        return retained;
    }

    private void lockDataDir() {
        Path dir = config.dataDir();
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("gannet.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            dataDirLock = lockChannel.tryLock();
        } catch (IOException e) {
            throw new ConfigException("Cannot use data directory " + dir.toAbsolutePath() + " (data.dir / GANNET_DATA_DIR): "
                    + e.getMessage(), e);
        } catch (OverlappingFileLockException e) {
            dataDirLock = null;
        }
        if (dataDirLock == null) {
            closeQuietly();
            throw new ConfigException("Data directory " + dir.toAbsolutePath()
                    + " is in use by another Gannet broker (data.dir / GANNET_DATA_DIR)");
        }
    }

    /** Stops accepting, closes every connection, stops the event loops, releases the data directory. */
    @Override
    public synchronized void close() {
        shuttingDown = true;
        if (management != null) {
            management.close();
            management = null;
        }
        for (Channel listener : listeners.values()) {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        listeners.clear();
        // MQTT 5 clients are told why (DISCONNECT 0x8B) before their connection closes.
        for (Channel channel : connections) {
            channel.eventLoop().execute(() -> channel.pipeline().fireUserEventTriggered(ServerShuttingDown.INSTANCE));
        }
        connections.newCloseFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (loops != null) {
            loops.close(); // returns once every connection has finished closing
            loops = null;
        }
        if (sessions != null) {
            sessions.close();
        }
        closeQuietly();
    }

    private void closeQuietly() {
        if (authExecutor != null) {
            authExecutor.shutdownNow();
            authExecutor = null;
        }
        clientDetails.close();
        clientDetails = ClientDetailsRecorder.NONE;
        if (metadata != null) {
            metadata.close();
            metadata = null;
        }
        if (clusterNode != null) {
            clusterNode.close(); // leaves the cluster, then closes its store
            clusterNode = null;
            store = null;
        }
        if (store != null) {
            store.close(); // writes and forces everything acknowledged
            store = null;
        }
        try {
            if (dataDirLock != null) {
                dataDirLock.release();
                dataDirLock = null;
            }
            if (lockChannel != null) {
                lockChannel.close();
                lockChannel = null;
            }
        } catch (IOException e) {
            LOG.warn("Could not release the data directory lock: {}", e.toString());
        }
    }

    /** Adds every accepted connection to a group, so that shutdown can close them all. */
    @ChannelHandler.Sharable
    private static final class ConnectionTracker extends ChannelInboundHandlerAdapter {
        private final ChannelGroup group;

        ConnectionTracker(ChannelGroup group) {
            this.group = group;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            group.add(ctx.channel());
            ctx.fireChannelActive();
        }
    }
}
