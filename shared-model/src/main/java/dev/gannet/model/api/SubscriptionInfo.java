package dev.gannet.model.api;

/**
 * One subscription of one client.
 *
 * @param topicFilter    the filter as the client sent it ({@code $share/group/...} for a shared one)
 * @param shareGroup     the shared subscription's group, or null
 * @param subscriptionIdentifier the MQTT 5 subscription identifier, or 0 for none
 */
public record SubscriptionInfo(String clientId, String topicFilter, String shareGroup, int qos, boolean noLocal,
                               boolean retainAsPublished, int retainHandling, int subscriptionIdentifier) {
}
