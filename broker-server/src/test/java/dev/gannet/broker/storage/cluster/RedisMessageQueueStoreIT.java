package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.storage.BrokerStore;
import dev.gannet.broker.storage.MessageQueueStoreContract;
import dev.gannet.broker.testing.RedisServer;
import org.junit.jupiter.api.Timeout;

/**
 * The queue contract on a real Redis, with the key expiry on so that every script also refreshes it.
 * A restart is a new client on the same Redis, as a restarted node would be.
 */
@Timeout(60)
class RedisMessageQueueStoreIT extends MessageQueueStoreContract {

    static final RedisQueueStore.Limits LIMITS = new RedisQueueStore.Limits(1_000, 3_600);

    @Override
    protected BrokerStore openStore() {
        return new RedisQueuesOnlyStore(RedisQueueStore.connect(RedisServer.shared().uri(), "contract", LIMITS));
    }

    @Override
    protected BrokerStore reopen(BrokerStore closing) {
        closing.close();
        return openStore();
    }
}
