package dev.gannet.broker.mqtt;

import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.message.Message;
import dev.gannet.broker.session.Delivery;
import dev.gannet.broker.session.Session;
import dev.gannet.broker.session.SessionRegistry;
import dev.gannet.broker.subscription.SubscriptionOptions;
import dev.gannet.model.topic.InvalidTopicException;
import dev.gannet.model.topic.TopicFilter;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * SUBSCRIBE and UNSUBSCRIBE. A filter that breaks the topic rules is a protocol violation
 * (MQTT 3.1.1 section 4.7.1 and 4.8, MQTT 5 section 4.13): the connection is closed (with
 * DISCONNECT 0x82 for MQTT 5). A well-formed filter the client may not use is refused in its
 * SUBACK slot (0x80 for 3.1.1; the specific MQTT 5 reason code), and the other filters proceed.
 */
final class SubscribeFlow {

    static final int FAILURE = 0x80;

    private final BrokerContext context;
    private final Disconnector disconnector;

    SubscribeFlow(BrokerContext context, Disconnector disconnector) {
        this.context = context;
        this.disconnector = disconnector;
    }

    void subscribe(Connection connection, MqttSubscribeMessage subscribe) {
        boolean mqtt5 = connection.isMqtt5();
        BrokerConfig.MqttConfig config = context.config().mqtt();
        List<MqttTopicSubscription> requests = subscribe.payload().topicSubscriptions();
        if (requests.isEmpty()) {
            disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                    "SUBSCRIBE without a topic filter (MQTT-3.8.3-3)");
            return;
        }
        int subscriptionIdentifier = 0;
        if (mqtt5) {
            List<Integer> identifiers = Properties5.integers(subscribe.idAndPropertiesVariableHeader().properties(),
                    MqttProperties.SUBSCRIPTION_IDENTIFIER);
            if (!identifiers.isEmpty()) {
                if (!config.subscriptionIdentifiersEnabled()) {
                    disconnector.protocolError(connection, MqttReasonCodes.Disconnect.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED,
                            "subscription identifiers are not available");
                    return;
                }
                subscriptionIdentifier = identifiers.get(0);
                if (identifiers.size() > 1 || subscriptionIdentifier == 0) {
                    disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                            "SUBSCRIBE needs at most one subscription identifier, from 1 to 268435455");
                    return;
                }
            }
        }
        List<TopicFilter> filters = new ArrayList<>(requests.size());
        for (MqttTopicSubscription request : requests) {
            TopicFilter filter;
            try {
                filter = TopicFilter.parse(request.topicFilter());
            } catch (InvalidTopicException e) {
                disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                        "SUBSCRIBE with invalid topic filter '" + request.topicFilter() + "': " + e.getMessage());
                return;
            }
            MqttSubscriptionOption option = request.option();
            boolean defaults = !option.isNoLocal() && !option.isRetainAsPublished()
                    && option.retainHandling() == MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE;
            if (!mqtt5 && !defaults) {
                disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                        "SUBSCRIBE with reserved option bits set (MQTT-3.8.3-4)");
                return;
            }
            if (filter.isShared() && option.isNoLocal()) {
                disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                        "no local on a shared subscription (MQTT-3.8.3-4)");
                return;
            }
            filters.add(filter);
        }

        Session session = connection.session();
        List<Integer> codes = new ArrayList<>(filters.size());
        List<Delivery> retainedToSend = new ArrayList<>();
        List<CompletableFuture<Void>> writes = new ArrayList<>(filters.size());
        long now = System.currentTimeMillis();
        for (int i = 0; i < filters.size(); i++) {
            TopicFilter filter = filters.get(i);
            MqttTopicSubscription request = requests.get(i);
            MqttSubscriptionOption option = request.option();
            int refusal = refusal(connection, filter, mqtt5);
            if (refusal != 0) {
                codes.add(refusal);
                continue;
            }
            int granted = Math.min(request.qualityOfService().value(), config.maxQos());
            boolean existed = session.isSubscribed(filter);
            int quota = context.config().security().maxSubscriptionsPerClient();
            if (!existed && quota > 0 && session.subscriptionCount() >= quota) {
                context.metrics().subscriptionQuotaExceeded();
                codes.add(mqtt5 ? MqttReasonCodes.SubAck.QUOTA_EXCEEDED.byteValue() & 0xFF : FAILURE);
                continue;
            }
            SubscriptionOptions options = new SubscriptionOptions(granted, option.isNoLocal(),
                    option.isRetainAsPublished(), option.retainHandling().value(), subscriptionIdentifier);
            SessionRegistry.Applied applied = context.sessions().subscribe(session, filter, options);
            if (!applied.changed()) {
                codes.add(FAILURE);
                continue;
            }
            writes.add(applied.durable());
            codes.add(granted);
            if (sendsRetained(filter, options, existed)) {
                List<Integer> identifiers = subscriptionIdentifier == 0 ? List.of() : List.of(subscriptionIdentifier);
                for (Message retained : context.retained().matching(filter)) {
                    if (!retained.isExpired(now)) {
                        retainedToSend.add(new Delivery(retained, Math.min(retained.qos(), granted), true, identifiers));
                    }
                }
            }
        }
        int packetId = subscribe.idAndPropertiesVariableHeader().messageId();
        // A persistent session's subscriptions are acknowledged once they would survive a restart.
        connection.whenDurable(CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0])), () -> {
            connection.write(Packets.suback(packetId, codes));
            retainedToSend.forEach(session::deliver);
        });
    }

    /**
     * Retained messages go to a new or replaced subscription (MQTT-3.8.4-3) as its retain handling
     * says: 0 always, 1 only if it is new, 2 never. A shared subscription gets none.
     */
    private static boolean sendsRetained(TopicFilter filter, SubscriptionOptions options, boolean existed) {
        if (filter.isShared()) {
            return false;
        }
        return switch (options.retainHandling()) {
            case 0 -> true;
            case 1 -> !existed;
            default -> false;
        };
    }

    /** The SUBACK code refusing {@code filter}, or 0 when the client may use it. */
    private int refusal(Connection connection, TopicFilter filter, boolean mqtt5) {
        BrokerConfig.MqttConfig config = context.config().mqtt();
        if (filter.isShared() && !config.sharedSubscriptionsEnabled()) {
            return mqtt5 ? MqttReasonCodes.SubAck.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED.byteValue() & 0xFF : FAILURE;
        }
        if (filter.hasWildcards() && !config.wildcardSubscriptionsEnabled()) {
            return mqtt5 ? MqttReasonCodes.SubAck.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED.byteValue() & 0xFF : FAILURE;
        }
        if (!connection.permissions().canSubscribe(filter) || !context.authorizer().canSubscribe(connection.identity(), filter)) {
            return mqtt5 ? MqttReasonCodes.SubAck.NOT_AUTHORIZED.byteValue() & 0xFF : FAILURE;
        }
        return 0;
    }

    void unsubscribe(Connection connection, MqttUnsubscribeMessage unsubscribe) {
        List<String> raw = unsubscribe.payload().topics();
        if (raw.isEmpty()) {
            disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                    "UNSUBSCRIBE without a topic filter (MQTT-3.10.3-2)");
            return;
        }
        List<TopicFilter> filters = new ArrayList<>(raw.size());
        for (String filter : raw) {
            try {
                filters.add(TopicFilter.parse(filter));
            } catch (InvalidTopicException e) {
                disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                        "UNSUBSCRIBE with invalid topic filter '" + filter + "': " + e.getMessage());
                return;
            }
        }
        List<Short> codes = new ArrayList<>(filters.size());
        List<CompletableFuture<Void>> writes = new ArrayList<>(filters.size());
        for (TopicFilter filter : filters) {
            SessionRegistry.Applied applied = context.sessions().unsubscribe(connection.session(), filter);
            writes.add(applied.durable());
            codes.add((short) (applied.changed() ? MqttReasonCodes.UnsubAck.SUCCESS.byteValue()
                    : MqttReasonCodes.UnsubAck.NO_SUBSCRIPTION_EXISTED.byteValue()));
        }
        int packetId = unsubscribe.idAndPropertiesVariableHeader().messageId();
        connection.whenDurable(CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0])),
                () -> connection.write(Packets.unsuback(packetId, connection.isMqtt5() ? codes : null)));
    }
}
