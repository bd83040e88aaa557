package dev.gannet.console.sessions;

/** The orders the broker can list sessions in ({@code sort} of {@code GET /api/sessions}). */
public enum SessionSort {
    CLIENT_ID("clientId"),
    ADDRESS("address"),
    CONNECTED_AT("connectedAt"),
    SUBSCRIPTIONS("subscriptions"),
    QUEUED("queued"),
    INFLIGHT("inflight"),
    CLIENT_TYPE("clientType"),
    NODE_ID("nodeId");

    private final String apiName;

    SessionSort(String apiName) {
        this.apiName = apiName;
    }

    /** The name the management API knows this order by. */
    public String apiName() {
        return apiName;
    }
}
