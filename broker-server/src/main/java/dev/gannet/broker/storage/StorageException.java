package dev.gannet.broker.storage;

/** The store cannot be read or written; the message says which file and what is wrong. */
public final class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
