package dev.gannet.broker.message;

import java.util.List;

/**
 * The MQTT 5 properties of an application message that travel with it unchanged from publisher
 * to subscribers (MQTT 5 section 3.3.2.3). Absent values are null; the message expiry lives on
 * {@link Message} as an absolute time because it shrinks while the message waits.
 *
 * @param payloadFormatIndicator 0 (bytes) or 1 (UTF-8 text), or null when not sent
 * @param contentType            MIME-like content type, or null
 * @param responseTopic          request/response: the topic to answer on, or null
 * @param correlationData        request/response: opaque data to echo, or null
 * @param userProperties         name/value pairs in the order sent
 */
public record PublishProperties(Integer payloadFormatIndicator, String contentType, String responseTopic,
                                byte[] correlationData, List<UserProperty> userProperties) {

    public static final PublishProperties NONE = new PublishProperties(null, null, null, null, List.of());

    public PublishProperties {
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    public boolean isEmpty() {
        return payloadFormatIndicator == null && contentType == null && responseTopic == null
                && correlationData == null && userProperties.isEmpty();
    }
}
