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

    /** The most QoS 1/2 messages the client accepts unacknowledged (MQTT 5 receive maximum). */
    default int receiveMaximum() {
        return 65_535;
    }

    /** False when the encoded PUBLISH would exceed the client's maximum packet size. */
    default boolean canReceive(Delivery delivery) {
        return true;
    }

    /** Writes a PUBLISH without flushing; {@code packetId} is 0 for QoS 0. */
    void writePublish(int packetId, Delivery delivery, boolean duplicate);

    /** Writes a PUBREL without flushing. */
    void writePubrel(int packetId);

    void flush();

    /**
     * Ends the connection because an administrator asked (MQTT 5: DISCONNECT 0x98); may be called
     * from any thread.
     */
    void disconnectByAdministrator(String why);

    /**
     * Ends the connection because its session moved to a connection on another node of the
     * cluster (MQTT 5: DISCONNECT 0x8E); may be called from any thread.
     */
    default void takenOver(String why) {
        disconnectByAdministrator(why);
    }
}
