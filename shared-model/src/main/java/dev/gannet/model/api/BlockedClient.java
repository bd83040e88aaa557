package dev.gannet.model.api;

/**
 * A block on clients: a matching CONNECT is refused (CONNACK 0x8A, or 0x05 for MQTT 3.1.1).
 *
 * @param regexTarget for REGEX: what the expression is matched against (CLIENT_ID, USERNAME or IP_ADDRESS)
 * @param expiresAt   epoch milliseconds after which the block no longer applies, or null for never
 * @param expired     true when expiresAt has passed
 */
public record BlockedClient(String id, BlockType blockType, String pattern, BlockType regexTarget, String description,
                            Long expiresAt, long createdAt, boolean expired) {
}
