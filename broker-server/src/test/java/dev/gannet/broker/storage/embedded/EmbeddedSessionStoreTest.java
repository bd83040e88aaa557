package dev.gannet.broker.storage.embedded;

import dev.gannet.broker.storage.BrokerStore;
import dev.gannet.broker.storage.SessionStoreContract;

class EmbeddedSessionStoreTest extends SessionStoreContract {

    @Override
    protected BrokerStore openStore() {
        return EmbeddedStoreFixture.open();
    }

    @Override
    protected BrokerStore reopen(BrokerStore closing) {
        return EmbeddedStoreFixture.reopen(closing);
    }
}
