package dev.gannet.console.sessions;

import dev.gannet.model.api.ClientType;

/** Which sessions to list by their client type: all, or one type. */
public enum TypeFilter {
    ALL(null),
    DEVICE(ClientType.DEVICE),
    APPLICATION(ClientType.APPLICATION);

    private final ClientType type;

    TypeFilter(ClientType type) {
        this.type = type;
    }

    /** The API's {@code clientType} filter: null for all. */
    public ClientType type() {
        return type;
    }

    @Override
    public String toString() {
        return type == null ? "all" : type.name();
    }
}
