package dev.gannet.broker.mqtt;

import dev.gannet.broker.auth.ClientIdentity;
import dev.gannet.broker.auth.EnhancedAuthenticator;
import dev.gannet.broker.message.Message;
import dev.gannet.broker.message.PublishProperties;
import dev.gannet.broker.message.UserProperty;
import dev.gannet.broker.session.ClientChannel;
import dev.gannet.broker.session.Delivery;
import dev.gannet.broker.session.Session;
import dev.gannet.broker.transport.ClientAddress;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/**
 * The state of one network connection, kept in a channel attribute: before CONNECT only the
 * address is known; afterwards the client id, protocol version, session, will, and the limits
 * an MQTT 5 client announced (receive maximum, maximum packet size, topic aliases).
 *
 * <p>All fields are touched on the channel's event loop only.
 */
public final class Connection implements ClientChannel {

    private static final AttributeKey<Connection> KEY = AttributeKey.valueOf("gannet.connection");
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Connection.class);

    /** The largest packet MQTT can encode: a 4-byte remaining length plus 5 header bytes. */
    static final long UNLIMITED_PACKET_SIZE = 268_435_460L;

    /** AWAITING_CONNECT, CHECKING_CREDENTIALS (reads paused), AUTHENTICATING (MQTT 5 AUTH exchange), CONNECTED, CLOSED. */
    enum State { AWAITING_CONNECT, CHECKING_CREDENTIALS, AUTHENTICATING, CONNECTED, CLOSED }

    private final Channel channel;
    private State state = State.AWAITING_CONNECT;
    private MqttVersion version;
    private ClientIdentity identity;
    private Session session;
    private Will will;
    /** What the client's credentials let it publish and subscribe to. */
    private dev.gannet.broker.auth.Permissions permissions = dev.gannet.broker.auth.Permissions.ALL;
    /** This client's PUBLISH budget (security.max-publishes-per-second-per-client). */
    private dev.gannet.broker.auth.RateLimit publishRate = dev.gannet.broker.auth.RateLimit.perSecond(0);
    private boolean disconnectReceived;
    /** Cluster mode: the session was taken over from other nodes for this connection's CONNECT. */
    private boolean sessionTakenOver;
    private ScheduledFuture<?> connectTimeout;

    // MQTT 5: what the client announced in CONNECT.
    private int clientReceiveMaximum = 65_535;
    private long clientMaximumPacketSize = UNLIMITED_PACKET_SIZE;
    private int clientTopicAliasMaximum;
    private boolean problemInformation = true;
    private long sessionExpiryAtConnect;
    // MQTT 5: topic aliases, per connection and per direction.
    private String[] inboundAliases = new String[0];
    private final Map<String, Integer> outboundAliases = new HashMap<>();
    // MQTT 5 enhanced authentication in progress (at CONNECT or re-authentication).
    private String authenticationMethod;
    private EnhancedAuthenticator.Exchange authExchange;
    /** Replies waiting for store writes, in the order their packets arrived. */
    private final ArrayDeque<PendingReply> pendingReplies = new ArrayDeque<>();

    private record PendingReply(CompletableFuture<?> durable, Runnable reply) {
    }

    private Connection(Channel channel) {
        this.channel = channel;
    }

    static Connection create(Channel channel) {
        Connection connection = new Connection(channel);
        channel.attr(KEY).set(connection);
        return connection;
    }

    /** The connection of {@code channel}, or null before it became active. */
    public static Connection of(Channel channel) {
        return channel.attr(KEY).get();
    }

    // ---- state --------------------------------------------------------------------------

    Channel channel() {
        return channel;
    }

    public String remoteAddress() {
        // read each time: a PROXY protocol header arrives after the connection became active
        return ClientAddress.of(channel);
    }

    /** The client id, or "-" before CONNECT was accepted: for log lines. */
    public String clientIdForLog() {
        return identity == null ? "-" : identity.clientId();
    }

    State state() {
        return state;
    }

    void state(State next) {
        state = next;
    }

    /** Set as soon as CONNECT is read, so that refusals are encoded for the client's version. */
    void version(MqttVersion version) {
        this.version = version;
    }

    void identity(ClientIdentity identity) {
        this.identity = identity;
    }

    void connected(Session session, Will will) {
        this.state = State.CONNECTED;
        this.session = session;
        this.will = will;
    }

    void closed() {
        state = State.CLOSED;
    }

    MqttVersion version() {
        return version;
    }

    boolean isMqtt5() {
        return version == MqttVersion.MQTT_5;
    }

    ClientIdentity identity() {
        return identity;
    }

    dev.gannet.broker.auth.Permissions permissions() {
        return permissions;
    }

    private boolean passwordProvided;

    /** The client's verified TLS certificate chain, leaf first; empty on plain connections or without one. */
    java.util.List<java.security.cert.X509Certificate> peerCertificates() {
        io.netty.handler.ssl.SslHandler tls = channel.pipeline().get(io.netty.handler.ssl.SslHandler.class);
        if (tls == null) {
            return java.util.List.of();
        }
        try {
            java.util.List<java.security.cert.X509Certificate> chain = new java.util.ArrayList<>();
            for (java.security.cert.Certificate certificate : tls.engine().getSession().getPeerCertificates()) {
                if (certificate instanceof java.security.cert.X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return java.util.List.of(); // no client certificate presented
        }
    }

    boolean passwordProvided() {
        return passwordProvided;
    }

    void passwordProvided(boolean provided) {
        this.passwordProvided = provided;
    }

    void permissions(dev.gannet.broker.auth.Permissions granted) {
        this.permissions = granted;
    }

    dev.gannet.broker.auth.RateLimit publishRate() {
        return publishRate;
    }

    void publishRate(dev.gannet.broker.auth.RateLimit limit) {
        this.publishRate = limit;
    }

    Session session() {
        return session;
    }

    /** The will to publish now that the connection is lost, or null: cleared by a normal DISCONNECT. */
    Will takeWill() {
        Will pending = disconnectReceived ? null : will;
        will = null;
        return pending;
    }

    /** DISCONNECT received; {@code keepWill} for MQTT 5 reason 0x04 "disconnect with will message". */
    void disconnectReceived(boolean keepWill) {
        if (!keepWill) {
            disconnectReceived = true;
            will = null;
        }
    }

    void connectTimeout(ScheduledFuture<?> timeout) {
        this.connectTimeout = timeout;
    }

    void cancelConnectTimeout() {
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
            connectTimeout = null;
        }
    }

    // ---- MQTT 5 limits and aliases -----------------------------------------------------

    void clientLimits(int receiveMaximum, long maximumPacketSize, int topicAliasMaximum, boolean problemInformation) {
        this.clientReceiveMaximum = receiveMaximum;
        this.clientMaximumPacketSize = maximumPacketSize;
        this.clientTopicAliasMaximum = topicAliasMaximum;
        this.problemInformation = problemInformation;
    }

    boolean problemInformation() {
        return problemInformation;
    }

    void serverTopicAliasMaximum(int maximum) {
        inboundAliases = new String[maximum + 1];
    }

    int serverTopicAliasMaximum() {
        return inboundAliases.length - 1;
    }

    String inboundAlias(int alias) {
        return inboundAliases[alias];
    }

    void inboundAlias(int alias, String topic) {
        inboundAliases[alias] = topic;
    }

    long sessionExpiryAtConnect() {
        return sessionExpiryAtConnect;
    }

    void sessionExpiryAtConnect(long seconds) {
        sessionExpiryAtConnect = seconds;
    }

    String authenticationMethod() {
        return authenticationMethod;
    }

    void authentication(String method, EnhancedAuthenticator.Exchange exchange) {
        this.authenticationMethod = method;
        this.authExchange = exchange;
    }

    EnhancedAuthenticator.Exchange authExchange() {
        return authExchange;
    }

    // ---- replies after durable writes ------------------------------------------------------

    /**
     * Runs {@code reply} (deliver, acknowledge) once {@code durable} completes, and never before an
     * earlier reply: PUBACKs go out in the order the PUBLISHes came (MQTT-4.6.0-2), and a message
     * that needs no store write does not overtake one that does. Called on the event loop.
     */
    void whenDurable(CompletableFuture<?> durable, Runnable reply) {
        if (pendingReplies.isEmpty() && durable.isDone() && !durable.isCompletedExceptionally()) {
            reply.run();
            return;
        }
        pendingReplies.add(new PendingReply(durable, reply));
        durable.whenComplete((ok, error) -> channel.eventLoop().execute(this::runReadyReplies));
    }

    private void runReadyReplies() {
        boolean ran = false;
        while (!pendingReplies.isEmpty() && pendingReplies.peek().durable().isDone()) {
            PendingReply next = pendingReplies.poll();
            if (next.durable().isCompletedExceptionally()) {
                // Nothing may be acknowledged that is not stored: the client will send it again.
                LOG.error("Store write failed for client {} from {}; closing the connection without acknowledging",
                        clientIdForLog(), remoteAddress());
                pendingReplies.clear();
                channel.close();
                return;
            }
            next.reply().run();
            ran = true;
        }
        if (ran) {
            channel.flush();
        }
    }

    // ---- ClientChannel ----------------------------------------------------------------------

    @Override
    public void disconnectByAdministrator(String why) {
        channel.eventLoop().execute(() -> channel.pipeline().fireUserEventTriggered(new AdministrativeDisconnect(why)));
    }

    boolean sessionTakenOver() {
        return sessionTakenOver;
    }

    void sessionTakenOver(boolean done) {
        this.sessionTakenOver = done;
    }

    @Override
    public void takenOver(String why) {
        channel.eventLoop().execute(() -> channel.pipeline().fireUserEventTriggered(new AdministrativeDisconnect(why, true)));
    }

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public int receiveMaximum() {
        return clientReceiveMaximum;
    }

    @Override
    public boolean canReceive(Delivery delivery) {
        return clientMaximumPacketSize >= UNLIMITED_PACKET_SIZE
                || PublishSize.upperBound(delivery, isMqtt5()) <= clientMaximumPacketSize;
    }

    @Override
    public void writePublish(int packetId, Delivery delivery, boolean duplicate) {
        Message message = delivery.message();
        String topic = message.topic();
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        if (isMqtt5()) {
            properties = publishProperties(delivery);
            if (clientTopicAliasMaximum > 0) {
                Integer alias = outboundAliases.get(topic);
                if (alias != null) {
                    topic = ""; // the client already knows this alias
                } else if (outboundAliases.size() < clientTopicAliasMaximum) {
                    alias = outboundAliases.size() + 1;
                    outboundAliases.put(topic, alias);
                }
                if (alias != null) {
                    properties.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, alias));
                }
            }
        }
        MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.PUBLISH, duplicate,
                MqttQoS.valueOf(delivery.qos()), delivery.retain(), 0);
        // Wrapping shares the message's array: no per-subscriber payload copy.
        channel.write(new MqttPublishMessage(header,
                new MqttPublishVariableHeader(topic, packetId, properties), Unpooled.wrappedBuffer(message.payload())));
    }

    private static MqttProperties publishProperties(Delivery delivery) {
        Message message = delivery.message();
        PublishProperties p = message.properties();
        MqttProperties properties = new MqttProperties();
        if (p.payloadFormatIndicator() != null) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR, p.payloadFormatIndicator()));
        }
        long remaining = message.remainingExpirySeconds(System.currentTimeMillis());
        if (remaining >= 0) {
            // Sent as the time left, not as published (MQTT-3.3.2-6).
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, (int) remaining));
        }
        if (p.contentType() != null) {
            properties.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, p.contentType()));
        }
        if (p.responseTopic() != null) {
            properties.add(new MqttProperties.StringProperty(MqttProperties.RESPONSE_TOPIC, p.responseTopic()));
        }
        if (p.correlationData() != null) {
            properties.add(new MqttProperties.BinaryProperty(MqttProperties.CORRELATION_DATA, p.correlationData()));
        }
        for (UserProperty user : p.userProperties()) {
            properties.add(new MqttProperties.UserProperty(user.name(), user.value()));
        }
        for (int identifier : delivery.subscriptionIdentifiers()) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, identifier));
        }
        return properties;
    }

    @Override
    public void writePubrel(int packetId) {
        write(Packets.pubrel(packetId));
    }

    @Override
    public void flush() {
        channel.flush();
    }

    void write(MqttMessage message) {
        channel.write(message);
    }

    @Override
    public String toString() {
        return "Connection[" + clientIdForLog() + " @ " + remoteAddress() + "]";
    }

    /** Upper bounds on the encoded size of a PUBLISH, for the client's maximum packet size. */
    static final class PublishSize {

        private PublishSize() {
        }

        static long upperBound(Delivery delivery, boolean mqtt5) {
            Message message = delivery.message();
            long variableHeader = 2L + utf8Length(message.topic()) + (delivery.qos() > 0 ? 2 : 0);
            if (mqtt5) {
                long properties = 3; // a topic alias, if one is used
                PublishProperties p = message.properties();
                if (p.payloadFormatIndicator() != null) {
                    properties += 2;
                }
                if (message.expiresAtMillis() != 0) {
                    properties += 5;
                }
                if (p.contentType() != null) {
                    properties += 3 + utf8Length(p.contentType());
                }
                if (p.responseTopic() != null) {
                    properties += 3 + utf8Length(p.responseTopic());
                }
                if (p.correlationData() != null) {
                    properties += 3 + p.correlationData().length;
                }
                for (UserProperty user : p.userProperties()) {
                    properties += 5 + utf8Length(user.name()) + utf8Length(user.value());
                }
                properties += 5L * delivery.subscriptionIdentifiers().size();
                variableHeader += variableByteIntegerLength(properties) + properties;
            }
            long remaining = variableHeader + message.payload().length;
            return 1 + variableByteIntegerLength(remaining) + remaining;
        }

        private static int utf8Length(String s) {
            return s.getBytes(StandardCharsets.UTF_8).length;
        }

        private static int variableByteIntegerLength(long value) {
            return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
        }
    }
}
