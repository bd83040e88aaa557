package dev.gannet.broker.metadata;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Records connects and disconnects in the metadata database on a thread of its own: JDBC blocks,
 * and a Netty event loop must not. A failed write is logged, never thrown at the connection.
 */
public final class ClientDetailsRecorder implements AutoCloseable {

    /** Records nothing: for brokers and tests without a metadata database. */
    public static final ClientDetailsRecorder NONE = new ClientDetailsRecorder(null, null, "none");

    private static final Logger LOG = LoggerFactory.getLogger(ClientDetailsRecorder.class);

    private final ClientDetailsRepository repository;
    private final UnauthorizedClientsRepository unauthorized;
    private final String nodeId;
    private final ExecutorService writer;

    public ClientDetailsRecorder(ClientDetailsRepository repository, UnauthorizedClientsRepository unauthorized, String nodeId) {
        this.repository = repository;
        this.unauthorized = unauthorized;
        this.nodeId = nodeId;
        this.writer = repository == null ? null : Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gannet-metadata");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** At start-up: what this node showed as connected was lost when it stopped. */
    public void nodeStarted() {
        submit(() -> repository.markAllDisconnected(nodeId, System.currentTimeMillis()));
    }

    public void connected(String clientId, String clientType, String username, String protocolVersion, String remoteAddress) {
        long now = System.currentTimeMillis();
        submit(() -> repository.connected(new ClientDetails(clientId, clientType, username, protocolVersion, remoteAddress,
                nodeId, true, now, null)));
    }

    /** Logs a refused CONNECT in the unauthorized-client log. */
    public void unauthorized(String clientId, String remoteAddress, String username, boolean passwordProvided, String reason) {
        long now = System.currentTimeMillis();
        submit(() -> unauthorized.record(new UnauthorizedClient(clientId, remoteAddress, username, passwordProvided, reason, now)));
    }

    public void disconnected(String clientId) {
        long now = System.currentTimeMillis();
        submit(() -> repository.disconnected(clientId, nodeId, now));
    }

    private void submit(Runnable write) {
        if (writer == null) {
            return;
        }
        writer.execute(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                LOG.warn("Could not record client details: {}", e.toString());
            }
        });
    }

    /** Finishes the writes already submitted. */
    @Override
    public void close() {
        if (writer != null) {
            writer.shutdown();
            try {
                writer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
