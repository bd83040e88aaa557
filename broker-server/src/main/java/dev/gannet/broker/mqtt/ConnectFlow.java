package dev.gannet.broker.mqtt;

import dev.gannet.broker.auth.AuthenticationResult;
import dev.gannet.broker.auth.ClientIdentity;
import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.message.Message;
import dev.gannet.broker.session.ClientChannel;
import dev.gannet.broker.session.SessionRegistry;
import dev.gannet.model.topic.TopicName;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * CONNECT: validate what the codec does not, authenticate, open or resume the session (closing
 * a connection that held the same client id), answer CONNACK, then start keep-alive and delivery.
 */
final class ConnectFlow {

    static final String KEEP_ALIVE_HANDLER = "keepAlive";

    private static final Logger CONNECTED = LoggerFactory.getLogger("gannet.event.client-connected");
    private static final Logger REFUSED = LoggerFactory.getLogger("gannet.event.client-refused");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BrokerContext context;
    private final Disconnector disconnector;

    ConnectFlow(BrokerContext context, Disconnector disconnector) {
        this.context = context;
        this.disconnector = disconnector;
    }

    void connect(Connection connection, MqttConnectMessage connect) {
        MqttConnectVariableHeader header = connect.variableHeader();
        MqttConnectPayload payload = connect.payload();
        MqttVersion version = MqttVersion.fromProtocolNameAndLevel(header.name(), (byte) header.version());
        BrokerConfig.MqttConfig config = context.config().mqtt();

        String malformed = malformedConnect(header, payload, version);
        if (malformed != null) {
            // MQTT-3.1.4-1: a CONNECT that does not conform is answered by closing, without CONNACK.
            disconnector.protocolError(connection, "malformed CONNECT: " + malformed);
            return;
        }
        if (version == MqttVersion.MQTT_5) {
            refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION,
                    "MQTT 5 is not enabled in this build");
            return;
        }

        String clientId = payload.clientIdentifier();
        boolean cleanSession = header.isCleanSession();
        if (clientId.isEmpty()) {
            // MQTT-3.1.3-7/8: an empty id is allowed only with CleanSession=1; the broker assigns one.
            if (!cleanSession || !config.allowEmptyClientId()) {
                refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                        cleanSession ? "empty client id not allowed by configuration"
                                : "empty client id requires CleanSession=1");
                return;
            }
            clientId = assignClientId();
        } else if (clientId.length() > config.maxClientIdLength() || clientId.indexOf('\u0000') >= 0) {
            refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                    "client id longer than " + config.maxClientIdLength() + " characters or containing U+0000");
            return;
        }

        if (context.shuttingDown().getAsBoolean()) {
            refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "broker is shutting down");
            return;
        }
        if (config.maxConnections() > 0 && context.metrics().connections() > config.maxConnections()) {
            refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                    "connection limit of " + config.maxConnections() + " reached");
            return;
        }

        ClientIdentity identity = new ClientIdentity(clientId, payload.userName(), connection.remoteAddress());
        AuthenticationResult auth = context.authenticator().authenticate(identity, payload.passwordInBytes());
        if (auth == AuthenticationResult.BAD_USERNAME_OR_PASSWORD) {
            refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
            return;
        }
        if (auth == AuthenticationResult.NOT_AUTHORIZED) {
            refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, "not authorized");
            return;
        }

        Message will = header.isWillFlag()
                ? new Message(payload.willTopic(), payload.willMessageInBytes(), header.willQos(), header.isWillRetain(),
                        clientId, System.currentTimeMillis())
                : null;

        // 3.1.1 CleanSession=1: a fresh session that ends with the connection; 0: resume or create, and keep.
        SessionRegistry.Opened opened = context.sessions().open(clientId, cleanSession, !cleanSession, connection);
        connection.cancelConnectTimeout();
        connection.connected(version, identity, opened.session(), will);
        closeTakenOver(opened.previousOwner(), clientId);

        // MQTT 3.1 has no session present flag; its CONNACK byte is reserved.
        boolean sessionPresent = opened.sessionPresent() && version != MqttVersion.MQTT_3_1;
        connection.write(Packets.connack(MqttConnectReturnCode.CONNECTION_ACCEPTED, sessionPresent));
        startKeepAlive(connection, header.keepAliveTimeSeconds());
        CONNECTED.info("Client {} connected from {} ({}, clean session {}, keep-alive {}s, session present {})",
                clientId, connection.remoteAddress(), version, cleanSession, header.keepAliveTimeSeconds(), sessionPresent);
        if (!opened.session().attach(connection)) {
            disconnector.close(connection, "session was taken over while connecting");
            return;
        }
        connection.flush();
    }

    /** Null when the CONNECT is well-formed beyond what the codec checks, else what is wrong. */
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
        REFUSED.info("Refused CONNECT from {}: {} ({})", connection.remoteAddress(), code, why);
        connection.write(Packets.connack(code, false));
        disconnector.close(connection, "CONNECT refused: " + why);
    }

    private void closeTakenOver(ClientChannel previous, String clientId) {
        if (previous instanceof Connection old) {
            // Another connection now owns the client id (MQTT-3.1.4-2); the old one's will is published.
            old.channel().eventLoop().execute(() -> disconnector.close(old, "client id " + clientId + " taken over by a new connection"));
        }
    }

    private void startKeepAlive(Connection connection, int keepAliveSeconds) {
        if (keepAliveSeconds <= 0) {
            return;
        }
        // MQTT-3.1.2-24: disconnect after one and a half keep-alive periods without a packet.
        long timeoutMillis = keepAliveSeconds * 1500L;
        ChannelPipeline pipeline = connection.channel().pipeline();
        pipeline.addBefore(MqttConnectionHandler.NAME, KEEP_ALIVE_HANDLER,
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
