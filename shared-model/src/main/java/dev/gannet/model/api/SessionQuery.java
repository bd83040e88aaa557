package dev.gannet.model.api;

/**
 * Which sessions to list, in what order, and which page: {@code GET /api/sessions}. Null filters
 * match everything; text filters match any part, ignoring case.
 *
 * @param sort one of clientId, address, connectedAt, subscriptions, queued, inflight, clientType, nodeId
 */
public record SessionQuery(Boolean connected, ClientType clientType, String nodeId, String clientId, String address,
                           String sort, boolean descending, int page, int size) {

    /** The first page of every session, by client id. */
    public static SessionQuery all(int size) {
        return new SessionQuery(null, null, null, null, null, "clientId", false, 0, size);
    }

    public SessionQuery withClientId(String part) {
        return new SessionQuery(connected, clientType, nodeId, part, address, sort, descending, page, size);
    }

    public SessionQuery withConnected(Boolean only) {
        return new SessionQuery(only, clientType, nodeId, clientId, address, sort, descending, page, size);
    }

    public SessionQuery withClientType(ClientType type) {
        return new SessionQuery(connected, type, nodeId, clientId, address, sort, descending, page, size);
    }

    public SessionQuery withNodeId(String node) {
        return new SessionQuery(connected, clientType, node, clientId, address, sort, descending, page, size);
    }

    public SessionQuery withAddress(String part) {
        return new SessionQuery(connected, clientType, nodeId, clientId, part, sort, descending, page, size);
    }

    public SessionQuery sortedBy(String field, boolean desc) {
        return new SessionQuery(connected, clientType, nodeId, clientId, address, field, desc, page, size);
    }

    public SessionQuery withPage(int number) {
        return new SessionQuery(connected, clientType, nodeId, clientId, address, sort, descending, number, size);
    }
}
