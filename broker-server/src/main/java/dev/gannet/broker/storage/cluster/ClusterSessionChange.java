package dev.gannet.broker.storage.cluster;

/**
 * One change of the session directory, as a node applies it.
 *
 * @param clientId the session's client id
 * @param previous the record before the change, or null when there was none
 * @param current  the record after the change, or null when the session was removed
 */
public record ClusterSessionChange(String clientId, ClusterSession previous, ClusterSession current) {
}
