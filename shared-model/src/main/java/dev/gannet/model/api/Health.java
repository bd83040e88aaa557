package dev.gannet.model.api;

/**
 * Whether the broker answers: {@code GET /api/health}, the one call besides login that needs no token.
 *
 * @param status "UP" while the broker accepts MQTT connections
 */
public record Health(String status, String nodeId, String version, long uptimeMillis) {
}
