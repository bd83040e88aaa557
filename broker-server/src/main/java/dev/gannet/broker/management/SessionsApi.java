package dev.gannet.broker.management;

import dev.gannet.broker.session.Session;
import dev.gannet.broker.subscription.SubscriptionOptions;
import dev.gannet.model.api.ClientType;
import dev.gannet.model.api.Page;
import dev.gannet.model.api.SessionDetails;
import dev.gannet.model.api.SessionInfo;
import dev.gannet.model.api.SubscriptionInfo;
import dev.gannet.model.topic.TopicFilter;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Client sessions (connected, or persistent and offline) and their subscriptions: list, filter,
 * sort, page; details; disconnect; remove. Read from the live session registry, so the figures are
 * those of this moment.
 */
final class SessionsApi {

    private static final Map<String, Comparator<SessionInfo>> SORTS = Map.of(
            "clientId", Comparator.comparing(SessionInfo::clientId),
            "address", Comparator.comparing(SessionInfo::address, Comparator.nullsLast(Comparator.naturalOrder())),
            "connectedAt", Comparator.comparing(SessionInfo::connectedAt, Comparator.nullsLast(Comparator.naturalOrder())),
            "subscriptions", Comparator.comparingInt(SessionInfo::subscriptions),
            "queued", Comparator.comparingInt(SessionInfo::queued),
            "inflight", Comparator.comparingInt(SessionInfo::inflight),
            "clientType", Comparator.comparing(SessionInfo::clientType),
            "nodeId", Comparator.comparing(SessionInfo::nodeId));

    private final ManagedBroker broker;

    SessionsApi(ManagedBroker broker) {
        this.broker = broker;
    }

    void register(Routes routes) {
        routes.get("/api/sessions", this::list);
        routes.get("/api/sessions/<clientId>", ctx -> ctx.json(details(session(ctx))));
        routes.delete("/api/sessions/<clientId>", this::remove);
        routes.post("/api/sessions/<clientId>/disconnect", this::disconnect);
        routes.get("/api/subscriptions", this::subscriptions);
    }

    private void list(Context ctx) {
        Requests.Paging paging = Requests.paging(ctx);
        Boolean connected = Requests.boolParam(ctx, "connected");
        ClientType type = Requests.enumParam(ctx, "clientType", ClientType.class);
        String node = Requests.textParam(ctx, "nodeId");
        String clientId = Requests.textParam(ctx, "clientId");
        String address = Requests.textParam(ctx, "address");
        String sortName = ctx.queryParam("sort") == null ? "clientId" : ctx.queryParam("sort");
        Comparator<SessionInfo> sort = SORTS.get(sortName);
        if (sort == null) {
            throw ApiProblem.badRequest("sort", "query parameter sort must be one of " + String.join(", ", new java.util.TreeSet<>(SORTS.keySet()))
                    + ", not '" + sortName + "'");
        }
        String order = ctx.queryParam("order");
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw ApiProblem.badRequest("order", "query parameter order must be asc or desc, not '" + order + "'");
        }
        List<SessionInfo> matching = new ArrayList<>();
        for (Session session : broker.sessions().all()) {
            if (session.isDiscarded() || (clientId != null && !Requests.contains(session.clientId(), clientId))) {
                continue;
            }
            SessionInfo info = info(session);
            if ((connected == null || info.connected() == connected) && (type == null || info.clientType() == type)
                    && (node == null || node.equals(info.nodeId())) && Requests.contains(info.address(), address)) {
                matching.add(info);
            }
        }
        Comparator<SessionInfo> comparator = sort.thenComparing(SessionInfo::clientId);
        matching.sort("desc".equals(order) ? comparator.reversed() : comparator);
        ctx.json(Page.of(matching, paging.page(), paging.size()));
    }

    private Session session(Context ctx) {
        String clientId = ctx.pathParam("clientId");
        Session session = broker.sessions().get(clientId);
        if (session == null || session.isDiscarded()) {
            throw ApiProblem.notFound("no session for client id '" + clientId + "'");
        }
        return session;
    }

    private void remove(Context ctx) {
        String clientId = ctx.pathParam("clientId");
        if (!broker.sessions().remove(clientId)) {
            throw ApiProblem.notFound("no session for client id '" + clientId + "'");
        }
        ctx.status(204);
    }

    private void disconnect(Context ctx) {
        Session session = session(ctx);
        if (!broker.sessions().disconnect(session.clientId())) {
            throw ApiProblem.conflict(null, "client '" + session.clientId() + "' is not connected");
        }
        ctx.status(204);
    }

    private void subscriptions(Context ctx) {
        Requests.Paging paging = Requests.paging(ctx);
        String clientId = Requests.textParam(ctx, "clientId");
        String filter = Requests.textParam(ctx, "filter");
        List<SubscriptionInfo> matching = new ArrayList<>();
        for (Session session : broker.sessions().all()) {
            if (Requests.contains(session.clientId(), clientId)) {
                for (SubscriptionInfo s : subscriptionsOf(session)) {
                    if (Requests.contains(s.topicFilter(), filter)) {
                        matching.add(s);
                    }
                }
            }
        }
        matching.sort(Comparator.comparing(SubscriptionInfo::clientId).thenComparing(SubscriptionInfo::topicFilter));
        ctx.json(Page.of(matching, paging.page(), paging.size()));
    }

    private SessionInfo info(Session session) {
        Session.ConnectionInfo connection = session.connectionInfo();
        return new SessionInfo(session.clientId(), session.isConnected(),
                connection == null ? null : connection.address(),
                connection == null ? null : connection.protocolVersion(),
                ClientType.valueOf(session.clientType().name()), broker.nodeId(),
                connection == null ? null : connection.username(),
                session.isPersistent(), session.expiryIntervalSeconds(),
                connection == null ? null : connection.connectedAt(),
                session.subscriptionCount(), session.queuedCount(), session.inflightCount());
    }

    private SessionDetails details(Session session) {
        return new SessionDetails(info(session), subscriptionsOf(session), session.messagesReceived(), session.messagesSent());
    }

    private static List<SubscriptionInfo> subscriptionsOf(Session session) {
        List<SubscriptionInfo> out = new ArrayList<>();
        for (TopicFilter filter : session.subscriptions()) {
            SubscriptionOptions options = session.subscriptionOptions(filter);
            if (options == null) {
                continue; // unsubscribed while we looked
            }
            out.add(new SubscriptionInfo(session.clientId(), filter.raw(), filter.shareGroup(), options.qos(), options.noLocal(),
                    options.retainAsPublished(), options.retainHandling(), options.subscriptionIdentifier()));
        }
        out.sort(Comparator.comparing(SubscriptionInfo::topicFilter));
        return out;
    }
}
