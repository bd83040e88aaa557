package dev.gannet.broker.mqtt;

import dev.gannet.broker.auth.AuthStep;
import dev.gannet.broker.auth.Authentication;
import dev.gannet.broker.auth.AuthenticationResult;
import dev.gannet.broker.auth.ClientIdentity;
import dev.gannet.broker.auth.EnhancedAuthenticator;
import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.message.Message;
import dev.gannet.broker.message.PublishProperties;
import dev.gannet.broker.session.ClientChannel;
import dev.gannet.broker.session.ClientType;
import dev.gannet.broker.session.Session;
import dev.gannet.broker.session.SessionRegistry;
import dev.gannet.model.topic.TopicName;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * CONNECT: validate what the codec does not, authenticate (and run an MQTT 5 enhanced
 * authentication exchange if the client names a method), open or resume the session (closing a
 * connection that held the same client id), answer CONNACK, then start keep-alive and delivery.
 */
final class ConnectFlow {

    static final String KEEP_ALIVE_HANDLER = "keepAlive";

    private static final Logger CONNECTED = LoggerFactory.getLogger("gannet.event.client-connected");
    private static final Logger REFUSED = LoggerFactory.getLogger("gannet.event.client-refused");
    private static final Logger LOG = LoggerFactory.getLogger(ConnectFlow.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BrokerContext context;
    private final Disconnector disconnector;
    /** The CONNECT waiting for its AUTH exchange to finish; one flow object serves one connection. */
    private ConnectRequest pendingRequest;

    ConnectFlow(BrokerContext context, Disconnector disconnector) {
        this.context = context;
        this.disconnector = disconnector;
    }

    /** Everything CONNECT asked for, validated, waiting for authentication to finish. */
    private record ConnectRequest(
            MqttVersion version,
            String clientId,
            boolean clientIdAssigned,
            boolean cleanStart,
            int requestedKeepAlive,
            long requestedSessionExpiry,
            boolean requestResponseInformation,
            Will will,
            ClientType clientType) {

        ConnectRequest withClientType(ClientType type) {
            return new ConnectRequest(version, clientId, clientIdAssigned, cleanStart, requestedKeepAlive,
                    requestedSessionExpiry, requestResponseInformation, will, type);
        }
    }

    /** A CONNECT the broker answers with a refusing CONNACK; thrown by the checks, caught in {@link #connect}. */
    private static final class Refusal extends Exception {
        private final MqttConnectReturnCode code;

        Refusal(MqttConnectReturnCode code, String why) {
            super(why, null, false, false);
            this.code = code;
        }
    }

    /**
     * Handles CONNECT; {@code resume} is run once the CONNECT is accepted (or an AUTH exchange has
     * begun), to process the packets the client sent meanwhile.
     */
    void connect(Connection connection, MqttConnectMessage connect, Runnable resume) {
        MqttConnectVariableHeader header = connect.variableHeader();
        MqttConnectPayload payload = connect.payload();
        MqttVersion version = MqttVersion.fromProtocolNameAndLevel(header.name(), (byte) header.version());
        connection.version(version);
        boolean mqtt5 = version == MqttVersion.MQTT_5;

        String malformed = malformedConnect(header, payload, version);
        if (malformed != null && !mqtt5) {
            // MQTT-3.1.4-1: a CONNECT that does not conform is answered by closing, without CONNACK.
            disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR, "malformed CONNECT: " + malformed);
            return;
        }
        try {
            if (malformed != null) {
                throw new Refusal(MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR, "malformed CONNECT: " + malformed);
            }
            MqttProperties properties = header.properties();
            long sessionExpiry = header.isCleanSession() ? 0 : Session.NEVER_EXPIRES;
            boolean requestResponseInformation = false;
            if (mqtt5) {
                applyClientProperties(connection, properties);
                Long expiry = Properties5.unsigned(properties, MqttProperties.SESSION_EXPIRY_INTERVAL);
                sessionExpiry = expiry == null ? 0 : expiry;
                requestResponseInformation = Integer.valueOf(1).equals(
                        Properties5.integer(properties, MqttProperties.REQUEST_RESPONSE_INFORMATION));
            }
            String clientId = payload.clientIdentifier();
            boolean assigned = clientId.isEmpty();
            clientId = checkedClientId(clientId, header.isCleanSession(), mqtt5);
            checkCapacity(mqtt5);
            ClientIdentity identity = new ClientIdentity(clientId, payload.userName(), connection.remoteAddress(),
                    connection.peerCertificates());
            connection.identity(identity);
            // before the block check: the unauthorized-client log says whether a blocked client sent a password
            connection.passwordProvided(payload.passwordInBytes() != null);
            java.util.Optional<String> blocked = context.blockList().blocked(identity, System.currentTimeMillis());
            if (blocked.isPresent()) {
                throw new Refusal(mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BANNED
                        : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, blocked.get());
            }
            Will will = header.isWillFlag() ? will(header, payload, clientId, mqtt5) : null;
            ConnectRequest request = new ConnectRequest(version, clientId, assigned, header.isCleanSession(),
                    header.keepAliveTimeSeconds(), sessionExpiry, requestResponseInformation, will,
                    context.config().session().defaultClientType());
            String method = mqtt5 ? Properties5.string(properties, MqttProperties.AUTHENTICATION_METHOD) : null;
            if (method != null && !context.enhancedAuthenticators().containsKey(method)) {
                throw new Refusal(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD,
                        "authentication method '" + method + "' is not supported");
            }
            byte[] authenticationData = mqtt5 ? Properties5.binary(properties, MqttProperties.AUTHENTICATION_DATA) : null;
            checkCredentials(connection, request, payload.passwordInBytes(), method, authenticationData, resume);
        } catch (Refusal refusal) {
            refuse(connection, refusal.code, refusal.getMessage());
        }
    }

    /**
     * Asks the authenticator on a worker thread (a password hash takes time a network thread does
     * not have), with the connection's reads paused, then carries on with the CONNECT on its loop.
     */
    private void checkCredentials(Connection connection, ConnectRequest request, byte[] password, String method,
                                  byte[] authenticationData, Runnable resume) {
        connection.state(Connection.State.CHECKING_CREDENTIALS);
        io.netty.channel.Channel channel = connection.channel();
        channel.config().setAutoRead(false);
        // With an enhanced authentication method, the method alone decides who the client is.
        CompletableFuture<Authentication> checked = method != null
                ? CompletableFuture.completedFuture(Authentication.of(dev.gannet.broker.auth.AuthenticationResult.ACCEPTED))
                : CompletableFuture.supplyAsync(() -> context.authenticator().authenticateFully(connection.identity(), password),
                        context.authExecutor());
        // In a cluster, a session another node holds is taken over while reads are still paused, so
        // that nothing the client sends after CONNECT runs before its session is here. With an
        // enhanced authentication method nobody is authenticated yet: that waits for complete().
        CompletableFuture<Authentication> answer = method != null ? checked : checked.thenCompose(authentication ->
                authentication.result() != dev.gannet.broker.auth.AuthenticationResult.ACCEPTED ? CompletableFuture.completedFuture(authentication)
                        : beforeOpen(request, authentication.clientType() == null ? request.clientType() : authentication.clientType())
                        .thenApply(ignored -> authentication));
        Runnable next = () -> {
            if (connection.state() != Connection.State.CHECKING_CREDENTIALS) {
                return; // the connection went away meanwhile
            }
            connection.state(Connection.State.AWAITING_CONNECT);
            channel.config().setAutoRead(true);
            afterCredentials(connection, request, answer, method, authenticationData, resume);
        };
        if (answer.isDone() && channel.eventLoop().inEventLoop()) {
            next.run();
        } else {
            answer.whenComplete((result, error) -> channel.eventLoop().execute(next));
        }
    }

    private CompletableFuture<Void> beforeOpen(ConnectRequest request, dev.gannet.broker.session.ClientType type) {
        var cluster = context.sessions().cluster();
        if (cluster == dev.gannet.broker.session.SessionCluster.NONE) {
            return dev.gannet.broker.session.SessionCluster.DONE;
        }
        long expiry = Math.min(request.requestedSessionExpiry(), context.config().mqtt().maxSessionExpirySeconds());
        return cluster.beforeOpen(request.clientId(), request.cleanStart(), expiry, type)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(new SessionUnavailable(e)));
    }

    /** The cluster could not hand the session over: the client is told the server is unavailable. */
    private static final class SessionUnavailable extends RuntimeException {
        SessionUnavailable(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private void afterCredentials(Connection connection, ConnectRequest request, CompletableFuture<Authentication> answer,
                                  String method, byte[] authenticationData, Runnable resume) {
        boolean mqtt5 = request.version() == MqttVersion.MQTT_5;
        try {
            Authentication authentication;
            try {
                authentication = answer.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof SessionUnavailable unavailable) {
                    LOG.error("The session of client {} could not be taken over: {}", request.clientId(), unavailable.getMessage());
                    throw new Refusal(mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                            : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "the session store is not available");
                }
                LOG.error("Authenticating client {} from {} failed", request.clientId(), connection.remoteAddress(), e.getCause());
                throw new Refusal(mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "authentication is not available");
            }
            refuseUnless(authentication.result(), mqtt5);
            connection.permissions(authentication.permissions());
            ConnectRequest authenticated = authentication.clientType() == null ? request
                    : request.withClientType(authentication.clientType());
            if (method == null) {
                complete(connection, authenticated, null);
            } else {
                EnhancedAuthenticator.Exchange exchange = context.enhancedAuthenticators().get(method)
                        .begin(connection.identity(), false);
                connection.authentication(method, exchange);
                continueConnectAuthentication(connection, authenticated, exchange.step(authenticationData));
            }
            resume.run();
        } catch (Refusal refusal) {
            refuse(connection, refusal.code, refusal.getMessage());
        }
    }

    /** The client id to use: the one sent, or an assigned one for an empty id where that is allowed. */
    private String checkedClientId(String clientId, boolean cleanSession, boolean mqtt5) throws Refusal {
        BrokerConfig.MqttConfig config = context.config().mqtt();
        MqttConnectReturnCode rejected = mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED;
        if (clientId.isEmpty()) {
            // 3.1.1 (MQTT-3.1.3-7/8): an empty id only with CleanSession=1. MQTT 5 allows it either way.
            if (!config.allowEmptyClientId()) {
                throw new Refusal(rejected, "empty client id not allowed by configuration");
            }
            if (!mqtt5 && !cleanSession) {
                throw new Refusal(rejected, "empty client id requires CleanSession=1");
            }
            return assignClientId();
        }
        if (clientId.length() > config.maxClientIdLength() || clientId.indexOf('\u0000') >= 0) {
            throw new Refusal(rejected, "client id longer than " + config.maxClientIdLength()
                    + " characters or containing U+0000");
        }
        return clientId;
    }

    private void checkCapacity(boolean mqtt5) throws Refusal {
        int maxConnections = context.config().mqtt().maxConnections();
        if (context.shuttingDown().getAsBoolean()) {
            throw new Refusal(mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "broker is shutting down");
        }
        if (!context.connectRate().tryAcquire()) {
            context.metrics().connectRateExceeded();
            throw new Refusal(mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                    "more than " + context.config().security().maxConnectsPerSecond() + " CONNECTs a second (security.max-connects-per-second)");
        }
        if (maxConnections > 0 && context.metrics().connections() > maxConnections) {
            throw new Refusal(mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                    "connection limit of " + maxConnections + " reached");
        }
    }

    private static void refuseUnless(AuthenticationResult result, boolean mqtt5) throws Refusal {
        if (result == AuthenticationResult.BAD_USERNAME_OR_PASSWORD) {
            throw new Refusal(mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                    : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
        }
        if (result == AuthenticationResult.NOT_AUTHORIZED) {
            throw new Refusal(mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, "not authorized");
        }
    }

    /** The will of a CONNECT with the will flag, checked against what the broker offers. */
    private Will will(MqttConnectVariableHeader header, MqttConnectPayload payload, String clientId, boolean mqtt5)
            throws Refusal {
        BrokerConfig.MqttConfig config = context.config().mqtt();
        MqttProperties willProperties = payload.willProperties();
        byte[] willPayload = payload.willMessageInBytes();
        if (header.willQos() > config.maxQos()) {
            throw new Refusal(mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_QOS_NOT_SUPPORTED
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, "will QoS above mqtt.max-qos");
        }
        if (header.isWillRetain() && !config.retainAvailable() && mqtt5) {
            throw new Refusal(MqttConnectReturnCode.CONNECTION_REFUSED_RETAIN_NOT_SUPPORTED,
                    "retained will but retain is not available");
        }
        PublishProperties publishProperties = PublishProperties.NONE;
        long delay = 0;
        long expiry = -1;
        if (mqtt5) {
            Integer format = Properties5.integer(willProperties, MqttProperties.PAYLOAD_FORMAT_INDICATOR);
            if (format != null && format == 1 && !Utf8Validation.isValid(willPayload)) {
                throw new Refusal(MqttConnectReturnCode.CONNECTION_REFUSED_PAYLOAD_FORMAT_INVALID,
                        "will payload is announced as UTF-8 but is not");
            }
            Long willDelay = Properties5.unsigned(willProperties, MqttProperties.WILL_DELAY_INTERVAL);
            delay = willDelay == null ? 0 : willDelay;
            Long willExpiry = Properties5.unsigned(willProperties, MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
            expiry = willExpiry == null ? -1 : willExpiry;
            publishProperties = new PublishProperties(format,
                    Properties5.string(willProperties, MqttProperties.CONTENT_TYPE),
                    Properties5.string(willProperties, MqttProperties.RESPONSE_TOPIC),
                    Properties5.binary(willProperties, MqttProperties.CORRELATION_DATA),
                    Properties5.userProperties(willProperties));
        }
        boolean retain = header.isWillRetain() && config.retainAvailable();
        return new Will(new Message(payload.willTopic(), willPayload, header.willQos(), retain, clientId, 0, 0,
                publishProperties), delay, expiry);
    }

    private void continueConnectAuthentication(Connection connection, ConnectRequest request, AuthStep step) {
        switch (step.outcome()) {
            case CONTINUE -> {
                connection.state(Connection.State.AUTHENTICATING);
                connection.write(Packets.auth(MqttReasonCodes.Auth.CONTINUE_AUTHENTICATION.byteValue(),
                        connection.authenticationMethod(), step.data()));
                connection.flush(); // may run outside a read batch, after the credentials check
                pendingRequest = request;
            }
            case SUCCESS -> {
                connection.permissions(step.permissions());
                complete(connection, step.clientType() == null ? request : request.withClientType(step.clientType()), step.data());
            }
            case FAILURE -> refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5,
                    "enhanced authentication failed");
        }
    }

    /** An AUTH packet from the client: continues a CONNECT's exchange, or starts or continues re-authentication. */
    void auth(Connection connection, MqttMessage auth) {
        MqttReasonCodeAndPropertiesVariableHeader header = (MqttReasonCodeAndPropertiesVariableHeader) auth.variableHeader();
        String method = Properties5.string(header.properties(), MqttProperties.AUTHENTICATION_METHOD);
        byte[] data = Properties5.binary(header.properties(), MqttProperties.AUTHENTICATION_DATA);
        byte reason = header.reasonCode();
        if (connection.authenticationMethod() == null || !connection.authenticationMethod().equals(method)) {
            // MQTT-4.12.0-5 / MQTT-4.12.1-1: AUTH only within the method chosen at CONNECT.
            disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                    "AUTH with authentication method '" + method + "' on a connection that uses '"
                            + connection.authenticationMethod() + "'");
            return;
        }
        if (connection.state() == Connection.State.AUTHENTICATING) {
            if (reason != MqttReasonCodes.Auth.CONTINUE_AUTHENTICATION.byteValue()) {
                disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                        "AUTH during CONNECT must carry reason 0x18");
                return;
            }
            continueConnectAuthentication(connection, pendingRequest, connection.authExchange().step(data));
            return;
        }
        // Re-authentication of a connected client (MQTT 5 section 4.12.1).
        EnhancedAuthenticator.Exchange exchange = connection.authExchange();
        if (reason == MqttReasonCodes.Auth.REAUTHENTICATE.byteValue()) {
            exchange = context.enhancedAuthenticators().get(method).begin(connection.identity(), true);
            connection.authentication(method, exchange);
        } else if (reason != MqttReasonCodes.Auth.CONTINUE_AUTHENTICATION.byteValue()) {
            disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                    "AUTH with reason " + reason + " from a connected client");
            return;
        }
        AuthStep step = exchange.step(data);
        switch (step.outcome()) {
            case CONTINUE -> connection.write(Packets.auth(MqttReasonCodes.Auth.CONTINUE_AUTHENTICATION.byteValue(), method, step.data()));
            case SUCCESS -> {
                connection.permissions(step.permissions());
                connection.write(Packets.auth(MqttReasonCodes.Auth.SUCCESS.byteValue(), method, step.data()));
            }
            case FAILURE -> disconnector.disconnect(connection, MqttReasonCodes.Disconnect.NOT_AUTHORIZED, "re-authentication failed");
        }
    }

    /**
     * After an enhanced authentication succeeded, in a cluster: takes the session over (see
     * {@link #beforeOpen}) with reads paused and later packets held, then completes the CONNECT.
     */
    private void takeOverThenComplete(Connection connection, ConnectRequest request, byte[] authenticationData) {
        io.netty.channel.Channel channel = connection.channel();
        channel.config().setAutoRead(false);
        connection.state(Connection.State.CHECKING_CREDENTIALS);
        beforeOpen(request, request.clientType()).whenComplete((ok, error) -> channel.eventLoop().execute(() -> {
            if (connection.state() != Connection.State.CHECKING_CREDENTIALS) {
                return; // the connection went away meanwhile
            }
            connection.state(Connection.State.AWAITING_CONNECT);
            channel.config().setAutoRead(true);
            if (error != null) {
                LOG.error("The session of client {} could not be taken over: {}", request.clientId(), error.getMessage());
                refuse(connection, connection.isMqtt5() ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "the session store is not available");
                return;
            }
            connection.sessionTakenOver(true);
            complete(connection, request, authenticationData);
            channel.pipeline().fireUserEventTriggered(ReplayHeld.INSTANCE);
        }));
    }

    /** Opens the session and answers CONNACK: the CONNECT is accepted. */
    private void complete(Connection connection, ConnectRequest request, byte[] authenticationData) {
        if (connection.authenticationMethod() != null && !connection.sessionTakenOver()
                && context.sessions().cluster() != dev.gannet.broker.session.SessionCluster.NONE) {
            takeOverThenComplete(connection, request, authenticationData);
            return;
        }
        BrokerConfig.MqttConfig config = context.config().mqtt();
        boolean mqtt5 = request.version() == MqttVersion.MQTT_5;
        long sessionExpiry = Math.min(request.requestedSessionExpiry(), config.maxSessionExpirySeconds());
        int keepAlive = request.requestedKeepAlive();
        boolean keepAliveChanged = false;
        if (keepAlive > config.maxKeepAliveSeconds() || (mqtt5 && keepAlive == 0 && config.maxKeepAliveSeconds() < 65_535)) {
            keepAlive = config.maxKeepAliveSeconds();
            keepAliveChanged = true;
        }
        if (!mqtt5 && keepAliveChanged) {
            // MQTT 3.1.1 cannot tell the client another keep-alive; like mosquitto, refuse with 0x02.
            refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                    "keep-alive " + request.requestedKeepAlive() + "s above mqtt.max-keep-alive-seconds");
            return;
        }

        SessionRegistry.Opened opened = context.sessions().open(request.clientId(), request.cleanStart(), sessionExpiry,
                request.clientType(), connection);
        connection.cancelConnectTimeout();
        opened.session().connectionInfo(new dev.gannet.broker.session.Session.ConnectionInfo(connection.remoteAddress(),
                protocolName(request.version()), connection.identity().username(), System.currentTimeMillis()));
        connection.sessionExpiryAtConnect(sessionExpiry);
        connection.connected(opened.session(), request.will());
        connection.publishRate(dev.gannet.broker.auth.RateLimit.perSecond(
                context.config().security().maxPublishesPerSecondPerClient()));
        closeTakenOver(opened.previousOwner(), request.clientId());

        // MQTT 3.1 has no session present flag; its CONNACK byte is reserved.
        boolean sessionPresent = opened.sessionPresent() && request.version() != MqttVersion.MQTT_3_1;
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        if (mqtt5) {
            properties = connackProperties(connection, request, sessionExpiry, keepAliveChanged ? keepAlive : -1, authenticationData);
        }
        connection.write(Packets.connack(MqttConnectReturnCode.CONNECTION_ACCEPTED, sessionPresent, properties));
        startKeepAlive(connection, keepAlive);
        context.clientDetails().connected(request.clientId(), opened.session().clientType().name(),
                connection.identity().username(), request.version().name(), connection.remoteAddress());
        CONNECTED.info("Client {} connected from {} ({}, clean start {}, keep-alive {}s, session expiry {}s, session present {})",
                request.clientId(), connection.remoteAddress(), request.version(), request.cleanStart(), keepAlive,
                sessionExpiry, sessionPresent);
        if (!opened.session().attach(connection)) {
            disconnector.disconnect(connection, MqttReasonCodes.Disconnect.SESSION_TAKEN_OVER, "session was taken over while connecting");
            return;
        }
        connection.flush();
    }

    private MqttProperties connackProperties(Connection connection, ConnectRequest request, long sessionExpiry,
                                             int serverKeepAlive, byte[] authenticationData) {
        BrokerConfig.MqttConfig config = context.config().mqtt();
        MqttProperties properties = new MqttProperties();
        if (sessionExpiry != request.requestedSessionExpiry()) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, (int) sessionExpiry));
        }
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, config.receiveMaximum()));
        if (config.maxQos() < 2) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_QOS, config.maxQos()));
        }
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.RETAIN_AVAILABLE, config.retainAvailable() ? 1 : 0));
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, config.maxPacketSize()));
        if (request.clientIdAssigned()) {
            properties.add(new MqttProperties.StringProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, request.clientId()));
        }
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, config.topicAliasMaximum()));
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE,
                config.wildcardSubscriptionsEnabled() ? 1 : 0));
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                config.subscriptionIdentifiersEnabled() ? 1 : 0));
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE,
                config.sharedSubscriptionsEnabled() ? 1 : 0));
        if (serverKeepAlive >= 0) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.SERVER_KEEP_ALIVE, serverKeepAlive));
        }
        if (request.requestResponseInformation() && !config.responseInformation().isEmpty()) {
            properties.add(new MqttProperties.StringProperty(MqttProperties.RESPONSE_INFORMATION, config.responseInformation()));
        }
        if (connection.authenticationMethod() != null) {
            properties.add(new MqttProperties.StringProperty(MqttProperties.AUTHENTICATION_METHOD, connection.authenticationMethod()));
            if (authenticationData != null) {
                properties.add(new MqttProperties.BinaryProperty(MqttProperties.AUTHENTICATION_DATA, authenticationData));
            }
        }
        return properties;
    }

    /** Reads the limits an MQTT 5 client announces, which the broker must respect (MQTT 5 section 3.1.2.11). */
    private void applyClientProperties(Connection connection, MqttProperties properties) throws Refusal {
        Integer receiveMaximum = Properties5.integer(properties, MqttProperties.RECEIVE_MAXIMUM);
        Long maximumPacketSize = Properties5.unsigned(properties, MqttProperties.MAXIMUM_PACKET_SIZE);
        Integer topicAliasMaximum = Properties5.integer(properties, MqttProperties.TOPIC_ALIAS_MAXIMUM);
        Integer requestResponse = Properties5.integer(properties, MqttProperties.REQUEST_RESPONSE_INFORMATION);
        Integer requestProblem = Properties5.integer(properties, MqttProperties.REQUEST_PROBLEM_INFORMATION);
        String problem = null;
        if (receiveMaximum != null && receiveMaximum == 0) {
            problem = "receive maximum of 0";
        } else if (maximumPacketSize != null && maximumPacketSize == 0) {
            problem = "maximum packet size of 0";
        } else if (requestResponse != null && requestResponse > 1) {
            problem = "request response information must be 0 or 1";
        } else if (requestProblem != null && requestProblem > 1) {
            problem = "request problem information must be 0 or 1";
        } else if (Properties5.binary(properties, MqttProperties.AUTHENTICATION_DATA) != null
                && Properties5.string(properties, MqttProperties.AUTHENTICATION_METHOD) == null) {
            problem = "authentication data without an authentication method";
        }
        if (problem != null) {
            throw new Refusal(MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR, problem);
        }
        connection.clientLimits(receiveMaximum == null ? 65_535 : receiveMaximum,
                maximumPacketSize == null ? Connection.UNLIMITED_PACKET_SIZE : maximumPacketSize,
                topicAliasMaximum == null ? 0 : topicAliasMaximum,
                requestProblem == null || requestProblem == 1);
        connection.serverTopicAliasMaximum(context.config().mqtt().topicAliasMaximum());
    }

    /** Null when the CONNECT is well-formed beyond what the codec checks, else what is wrong. */
    /** "3.1", "3.1.1" or "5", as operators name the versions. */
    static String protocolName(MqttVersion version) {
        return switch (version) {
            case MQTT_3_1 -> "3.1";
            case MQTT_3_1_1 -> "3.1.1";
            case MQTT_5 -> "5";
        };
    }

    private static String malformedConnect(MqttConnectVariableHeader header, MqttConnectPayload payload, MqttVersion version) {
        if (header.willQos() > 2) {
            return "will QoS 3";
        }
        if (!header.isWillFlag() && (header.willQos() != 0 || header.isWillRetain())) {
            return "will QoS or will retain set without the will flag";
        }
        if (header.isWillFlag()) {
            String problem = payload.willTopic() == null ? "missing or too long" : TopicName.problemWith(payload.willTopic());
            if (problem != null) {
                return "will topic: " + problem;
            }
        }
        if (version != MqttVersion.MQTT_5 && header.hasPassword() && !header.hasUserName()) {
            return "password flag set without the user name flag";
        }
        if (header.hasUserName() && payload.userName() == null) {
            return "user name flag set but no user name";
        }
        return null;
    }

    private void refuse(Connection connection, MqttConnectReturnCode code, String why) {
        context.metrics().connectionRefused();
        if (connection.identity() != null && isUnauthorized(code)) {
            ClientIdentity who = connection.identity();
            context.clientDetails().unauthorized(who.clientId(), who.remoteAddress(), who.username(),
                    connection.passwordProvided(), why);
        }
        REFUSED.info("Refused CONNECT from {}: {} ({})", connection.remoteAddress(), code, why);
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        if (connection.isMqtt5() && connection.problemInformation()) {
            properties = new MqttProperties();
            properties.add(new MqttProperties.StringProperty(MqttProperties.REASON_STRING, why));
        }
        connection.write(Packets.connack(code, false, properties));
        disconnector.closeQuietly(connection, "CONNECT refused: " + why);
    }

    /** Refusals of who the client is, as opposed to refusals for capacity or malformed CONNECTs. */
    private static boolean isUnauthorized(MqttConnectReturnCode code) {
        return switch (code) {
            case CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, CONNECTION_REFUSED_NOT_AUTHORIZED,
                    CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD, CONNECTION_REFUSED_NOT_AUTHORIZED_5,
                    CONNECTION_REFUSED_BANNED, CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD -> true;
            default -> false;
        };
    }

    private void closeTakenOver(ClientChannel previous, String clientId) {
        if (previous instanceof Connection old) {
            // Another connection now owns the client id (MQTT-3.1.4-2); the old one's will is published.
            old.channel().eventLoop().execute(() -> disconnector.disconnect(old, MqttReasonCodes.Disconnect.SESSION_TAKEN_OVER,
                    "client id " + clientId + " taken over by a new connection"));
        }
    }

    private void startKeepAlive(Connection connection, int keepAliveSeconds) {
        if (keepAliveSeconds <= 0) {
            return;
        }
        // MQTT-3.1.2-24: disconnect after one and a half keep-alive periods without a packet.
        long timeoutMillis = keepAliveSeconds * 1500L;
        ChannelPipeline pipeline = connection.channel().pipeline();
        // Just before the connection handler, wherever the pipeline put it, so it sees the idle events.
        pipeline.addBefore(pipeline.context(MqttConnectionHandler.class).name(), KEEP_ALIVE_HANDLER,
                new IdleStateHandler(timeoutMillis, 0, 0, TimeUnit.MILLISECONDS));
    }

    private static String assignClientId() {
        StringBuilder id = new StringBuilder("gannet-");
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < 16; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
