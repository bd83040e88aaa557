package dev.gannet.broker.subscription;

import dev.gannet.model.topic.TopicFilter;

/** One subscriber's subscription to one filter, as stored in the topic tree. */
public record Subscription<S>(S subscriber, TopicFilter filter, SubscriptionOptions options) {
}
