package dev.gannet.broker.metadata;

/**
 * A block on clients.
 *
 * @param blockType   CLIENT_ID, USERNAME, IP_ADDRESS (exact match) or REGEX
 * @param pattern     the value to match, or the regular expression for REGEX
 * @param regexTarget for REGEX: CLIENT_ID, USERNAME or IP_ADDRESS; null otherwise
 * @param expiresAt   epoch milliseconds after which the block no longer applies, or null for never
 */
public record BlockedClient(String id, String blockType, String pattern, String regexTarget, String description,
                            Long expiresAt, long createdAt) {
}
