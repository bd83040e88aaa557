package dev.gannet.console.sessions;

/** Which sessions to list by their connection: all, only connected ones, or only offline ones. */
public enum StatusFilter {
    ALL("all", null),
    CONNECTED("connected", true),
    OFFLINE("offline", false);

    private final String label;
    private final Boolean connected;

    StatusFilter(String label, Boolean connected) {
        this.label = label;
        this.connected = connected;
    }

    /** The API's {@code connected} filter: null for all. */
    public Boolean connected() {
        return connected;
    }

    @Override
    public String toString() {
        return label;
    }
}
