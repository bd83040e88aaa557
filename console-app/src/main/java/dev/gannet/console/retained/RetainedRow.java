package dev.gannet.console.retained;

import dev.gannet.model.api.RetainedMessageInfo;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One retained message as the table shows it: times in local time, the payload as a short
 * preview ("binary" when it is not text).
 *
 * @param expiresAt "never" when the message has no MQTT 5 expiry
 */
public record RetainedRow(String topic, int qos, int sizeBytes, String preview, String contentType, String publisher,
                          String receivedAt, String expiresAt, RetainedMessageInfo message) {

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    static RetainedRow of(RetainedMessageInfo m) {
        return new RetainedRow(m.topic(), m.qos(), m.payloadBytes(), PayloadText.preview(m.payloadText()),
                m.contentType() == null ? "" : m.contentType(), m.publisherId() == null ? "" : m.publisherId(),
                LOCAL_TIME.format(Instant.ofEpochMilli(m.receivedAt())),
                m.expiresAt() == null ? "never" : LOCAL_TIME.format(Instant.ofEpochMilli(m.expiresAt())), m);
    }

    /** True when the payload is not UTF-8 text. */
    public boolean binary() {
        return message.payloadText() == null;
    }
}
