package dev.gannet.broker.session;

import dev.gannet.broker.storage.MessageQueueStore;

import java.util.concurrent.CompletableFuture;

/**
 * What a session tells the store about its stored deliveries as they move: sent with a packet id,
 * released (PUBREC came back), done (acknowledged, expired or dropped). Deliveries that were not
 * stored ({@link Delivery#isStored()} false) cost nothing.
 */
public interface SessionPersistence {

    /** For sessions kept in memory only. */
    SessionPersistence NONE = new SessionPersistence() {
        @Override
        public CompletableFuture<Void> sent(Delivery delivery, int packetId) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void released(Delivery delivery) {
        }

        @Override
        public void done(Delivery delivery) {
        }

        @Override
        public CompletableFuture<Void> inboundArrived(int packetId) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> inboundReleased(int packetId) {
            return CompletableFuture.completedFuture(null);
        }
    };

    /** The stored delivery went out with {@code packetId}; the future completes once that is durable. */
    CompletableFuture<Void> sent(Delivery delivery, int packetId);

    void released(Delivery delivery);

    void done(Delivery delivery);

    /** A QoS 2 PUBLISH from the client with {@code packetId} was accepted; durable before PUBREC. */
    CompletableFuture<Void> inboundArrived(int packetId);

    /** Its PUBREL came; durable before PUBCOMP, so that a later PUBLISH reusing the id is not taken for a resend. */
    CompletableFuture<Void> inboundReleased(int packetId);

    /** Tracks {@code clientId}'s stored deliveries in {@code store}. */
    static SessionPersistence of(String clientId, MessageQueueStore store) {
        return new SessionPersistence() {
            @Override
            public CompletableFuture<Void> sent(Delivery delivery, int packetId) {
                return delivery.isStored() ? store.markInFlight(clientId, delivery.entryId(), packetId)
                        : CompletableFuture.completedFuture(null);
            }

            @Override
            public void released(Delivery delivery) {
                if (delivery.isStored()) {
                    store.markReleased(clientId, delivery.entryId());
                }
            }

            @Override
            public void done(Delivery delivery) {
                if (delivery != null && delivery.isStored()) {
                    store.remove(clientId, delivery.entryId());
                }
            }

            @Override
            public CompletableFuture<Void> inboundArrived(int packetId) {
                return store.rememberInbound(clientId, packetId);
            }

            @Override
            public CompletableFuture<Void> inboundReleased(int packetId) {
                return store.forgetInbound(clientId, packetId);
            }
        };
    }
}
