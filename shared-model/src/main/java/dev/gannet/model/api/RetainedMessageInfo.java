package dev.gannet.model.api;

/**
 * One retained message.
 *
 * @param payloadBase64 the payload, base64
 * @param payloadText   the payload as text when it is valid UTF-8, else null
 * @param expiresAt     epoch milliseconds when its MQTT 5 message expiry passes, or null for never
 */
public record RetainedMessageInfo(String topic, int qos, int payloadBytes, String payloadBase64, String payloadText,
                                  String contentType, String publisherId, long receivedAt, Long expiresAt) {
}
