package dev.gannet.broker.session;

import java.util.concurrent.Executor;

/**
 * The live network side of a session, as the session sees it: where to write, and on which
 * thread. Implemented by the MQTT connection; the session knows nothing of Netty or encoding.
 *
 * <p>Every method but {@link #executor()} and {@link #isWritable()} is called on {@link #executor()}.
 */
public interface ClientChannel {

    /** The connection's own event loop: the session runs its writes there. */
    Executor executor();

    /** False while the socket's outbound buffer is above its high-water mark. */
    boolean isWritable();

    /** Writes a PUBLISH without flushing; {@code packetId} is 0 for QoS 0. */
    void writePublish(int packetId, Delivery delivery, boolean duplicate);

    /** Writes a PUBREL without flushing. */
    void writePubrel(int packetId);

    void flush();
}
