package dev.gannet.broker.mqtt;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.session.Delivery;
import dev.gannet.broker.session.Session;
import dev.gannet.broker.subscription.SubscriptionOptions;
import dev.gannet.model.topic.InvalidTopicException;
import dev.gannet.model.topic.TopicFilter;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE and UNSUBSCRIBE. A filter that breaks the topic rules is a protocol violation
 * (MQTT 3.1.1 section 4.7.1 and 4.8): the connection is closed. A well-formed filter the client may
 * not use is refused with 0x80 in its SUBACK slot, and the other filters proceed.
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
        List<MqttTopicSubscription> requests = subscribe.payload().topicSubscriptions();
        if (requests.isEmpty()) {
            disconnector.protocolError(connection, "SUBSCRIBE without a topic filter (MQTT-3.8.3-3)");
            return;
        }
        List<TopicFilter> filters = new ArrayList<>(requests.size());
        for (MqttTopicSubscription request : requests) {
            try {
                filters.add(TopicFilter.parse(request.topicFilter()));
            } catch (InvalidTopicException e) {
                disconnector.protocolError(connection, "SUBSCRIBE with invalid topic filter '" + request.topicFilter() + "': " + e.getMessage());
                return;
            }
            MqttSubscriptionOption option = request.option();
            if (option.isNoLocal() || option.isRetainAsPublished()
                    || option.retainHandling() != MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE) {
                disconnector.protocolError(connection, "SUBSCRIBE with reserved option bits set (MQTT-3.8.3-4)");
                return;
            }
        }

        Session session = connection.session();
        List<Integer> codes = new ArrayList<>(filters.size());
        List<Delivery> retainedToSend = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            TopicFilter filter = filters.get(i);
            int requested = requests.get(i).qualityOfService().value();
            if (!mayUse(connection, filter)) {
                codes.add(FAILURE);
                continue;
            }
            int granted = Math.min(requested, context.config().mqtt().maxQos());
            if (!context.sessions().subscribe(session, filter, new SubscriptionOptions(granted))) {
                codes.add(FAILURE);
                continue;
            }
            codes.add(granted);
            // Retained messages go to a new or replaced subscription (MQTT-3.8.4-3), not to a shared one.
            if (!filter.isShared()) {
                for (Message retained : context.retained().matching(filter)) {
                    retainedToSend.add(new Delivery(retained, Math.min(retained.qos(), granted), true));
                }
            }
        }
        connection.write(Packets.suback(subscribe.variableHeader().messageId(), codes));
        retainedToSend.forEach(session::deliver);
    }

    private boolean mayUse(Connection connection, TopicFilter filter) {
        if (filter.isShared() && !context.config().mqtt().sharedSubscriptionsEnabled()) {
            return false;
        }
        return context.authorizer().canSubscribe(connection.identity(), filter);
    }

    void unsubscribe(Connection connection, MqttUnsubscribeMessage unsubscribe) {
        List<String> raw = unsubscribe.payload().topics();
        if (raw.isEmpty()) {
            disconnector.protocolError(connection, "UNSUBSCRIBE without a topic filter (MQTT-3.10.3-2)");
            return;
        }
        List<TopicFilter> filters = new ArrayList<>(raw.size());
        for (String filter : raw) {
            try {
                filters.add(TopicFilter.parse(filter));
            } catch (InvalidTopicException e) {
                disconnector.protocolError(connection, "UNSUBSCRIBE with invalid topic filter '" + filter + "': " + e.getMessage());
                return;
            }
        }
        for (TopicFilter filter : filters) {
            context.sessions().unsubscribe(connection.session(), filter);
        }
        connection.write(Packets.unsuback(unsubscribe.variableHeader().messageId()));
    }
}
