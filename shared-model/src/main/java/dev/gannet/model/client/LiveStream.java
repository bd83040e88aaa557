package dev.gannet.model.client;

/** A running subscription to the live stream; closing it ends the connection. */
public interface LiveStream extends AutoCloseable {

    @Override
    void close();
}
