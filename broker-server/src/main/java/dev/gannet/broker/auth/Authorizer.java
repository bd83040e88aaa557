package dev.gannet.broker.auth;

import dev.gannet.model.topic.TopicFilter;

/**
 * Decides, per PUBLISH and per SUBSCRIBE filter, whether an authenticated client may use a
 * topic. Called on the connection's event loop: answer from memory, never block.
 */
public interface Authorizer {

    /** Permits everything. */
    Authorizer ALLOW_ALL = new Authorizer() {
        @Override
        public boolean canPublish(ClientIdentity client, String topic) {
            return true;
        }

        @Override
        public boolean canSubscribe(ClientIdentity client, TopicFilter filter) {
            return true;
        }
    };

    boolean canPublish(ClientIdentity client, String topic);

    boolean canSubscribe(ClientIdentity client, TopicFilter filter);
}
