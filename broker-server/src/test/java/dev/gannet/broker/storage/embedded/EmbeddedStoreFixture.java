package dev.gannet.broker.storage.embedded;

import dev.gannet.broker.storage.BrokerStore;
import dev.gannet.broker.storage.FsyncPolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens embedded stores in temporary directories for the contract suites. */
final class EmbeddedStoreFixture {

    private EmbeddedStoreFixture() {
    }

    /** Small segments, so that the suites also cross segment rolls and snapshots. */
    static final EmbeddedStore.Options OPTIONS = new EmbeddedStore.Options(FsyncPolicy.INTERVAL, 50, 4 * 1024, false);

    static BrokerStore open() {
        try {
            return EmbeddedStore.open(Files.createTempDirectory("gannet-store-"), OPTIONS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BrokerStore reopen(BrokerStore closing) {
        Path dir = ((EmbeddedStore) closing).currentSegment().getParent();
        closing.close();
        return EmbeddedStore.open(dir, OPTIONS);
    }
}
