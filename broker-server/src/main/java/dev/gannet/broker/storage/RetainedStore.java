package dev.gannet.broker.storage;

import dev.gannet.broker.message.Message;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The retained message of each topic. */
public interface RetainedStore {

    CompletableFuture<Void> put(Message message);

    CompletableFuture<Void> remove(String topic);

    List<Message> loadAll();
}
