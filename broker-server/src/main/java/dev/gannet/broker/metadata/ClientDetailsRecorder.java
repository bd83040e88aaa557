package dev.gannet.broker.metadata;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records connects and disconnects in the metadata database on a thread of its own: JDBC blocks,
 * and a Netty event loop must not. What piles up while a write runs goes in the next one, in order,
 * as one transaction: a connection storm costs a commit per batch, not per client. A failed write
 * is logged, never thrown at the connection.
 */
public final class ClientDetailsRecorder implements AutoCloseable {

    /** Records nothing: for brokers and tests without a metadata database. */
    public static final ClientDetailsRecorder NONE = new ClientDetailsRecorder(null, null, "none");

    private static final Logger LOG = LoggerFactory.getLogger(ClientDetailsRecorder.class);
    /** The most changes one transaction carries. */
    private static final int MAX_BATCH = 2_000;

    /** One change, applied with repositories bound to the batch's transaction. */
    private interface Write {
        void apply(ClientDetailsRepository details, UnauthorizedClientsRepository unauthorized);
    }

    /** A connect: consecutive ones go to the database as one statement with many binds. */
    private record Connected(ClientDetails details) implements Write {
        @Override
        public void apply(ClientDetailsRepository repository, UnauthorizedClientsRepository unauthorized) {
            repository.connected(details);
        }
    }

    /** A disconnect: consecutive ones go as one statement with many binds. */
    private record Disconnected(ClientDetailsRepository.Disconnect disconnect) implements Write {
        @Override
        public void apply(ClientDetailsRepository repository, UnauthorizedClientsRepository unauthorized) {
            repository.disconnected(List.of(disconnect));
        }
    }

    private final ClientDetailsRepository repository;
    private final String nodeId;
    private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closing;

    public ClientDetailsRecorder(ClientDetailsRepository repository, UnauthorizedClientsRepository unauthorized, String nodeId) {
        this.repository = repository;
        this.nodeId = nodeId;
        if (repository == null) {
            writer = null;
            return;
        }
        writer = new Thread(this::run, "gannet-metadata");
        writer.setDaemon(true);
        writer.start();
    }

    /** At start-up: what this node showed as connected was lost when it stopped. */
    public void nodeStarted() {
        submit((details, unauthorized) -> details.markAllDisconnected(nodeId, System.currentTimeMillis()));
    }

    public void connected(String clientId, String clientType, String username, String protocolVersion, String remoteAddress) {
        long now = System.currentTimeMillis();
        submit(new Connected(new ClientDetails(clientId, clientType, username, protocolVersion, remoteAddress, nodeId,
                true, now, null)));
    }

    /** Logs a refused CONNECT in the unauthorized-client log. */
    public void unauthorized(String clientId, String remoteAddress, String username, boolean passwordProvided, String reason) {
        long now = System.currentTimeMillis();
        UnauthorizedClient refused = new UnauthorizedClient(clientId, remoteAddress, username, passwordProvided, reason, now);
        submit((details, unauthorized) -> unauthorized.record(refused));
    }

    public void disconnected(String clientId) {
        long now = System.currentTimeMillis();
        submit(new Disconnected(new ClientDetailsRepository.Disconnect(clientId, nodeId, now)));
    }

    private void submit(Write write) {
        if (writer != null && !closing) {
            queue.add(write);
        }
    }

    private void run() {
        List<Write> batch = new ArrayList<>();
        while (true) {
            try {
                Write first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<Write> batch) {
        try {
            repository.inOneTransaction((details, unauthorized) -> applyInOrder(batch, details, unauthorized));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                LOG.warn("Could not record client details: {}", e.toString());
                return;
            }
            // One bad change must not cost the others: each on its own.
            for (Write write : batch) {
                write(List.of(write));
            }
        }
    }

    /** Applies the writes in their order, each run of connects (or of disconnects) as one batched statement. */
    private static void applyInOrder(List<Write> batch, ClientDetailsRepository details, UnauthorizedClientsRepository unauthorized) {
        List<ClientDetails> connects = new ArrayList<>();
        List<ClientDetailsRepository.Disconnect> disconnects = new ArrayList<>();
        for (Write write : batch) {
            if (!(write instanceof Connected) && !connects.isEmpty()) {
                details.connected(connects);
                connects.clear();
            }
            if (!(write instanceof Disconnected) && !disconnects.isEmpty()) {
                details.disconnected(disconnects);
                disconnects.clear();
            }
            if (write instanceof Connected c) {
                connects.add(c.details());
            } else if (write instanceof Disconnected d) {
                disconnects.add(d.disconnect());
            } else {
                write.apply(details, unauthorized);
            }
        }
        if (!connects.isEmpty()) {
            details.connected(connects);
        }
        if (!disconnects.isEmpty()) {
            details.disconnected(disconnects);
        }
    }

    /** Finishes the writes already submitted (those submitted later are dropped). */
    @Override
    public void close() {
        if (writer != null) {
            closing = true;
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
