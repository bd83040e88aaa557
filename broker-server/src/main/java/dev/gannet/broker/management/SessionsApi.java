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
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * Client sessions (connected, or persistent and offline) and their subscriptions: list, filter,
 * sort, page; details; disconnect; remove. Read from the live session registry, so the figures are
 * those of this moment.
 */
final class SessionsApi {

    /** What each sortable column sorts by, read straight from the session (null sorts last). */
    private static final Map<String, Function<Session, Comparable<?>>> SORT_KEYS = Map.of(
            "clientId", Session::clientId,
            "address", s -> s.connectionInfo() == null ? null : s.connectionInfo().address(),
            "connectedAt", s -> s.connectionInfo() == null ? null : s.connectionInfo().connectedAt(),
            "subscriptions", Session::subscriptionCount,
            "queued", Session::queuedCount,
            "inflight", Session::inflightCount,
            "clientType", Session::clientType,
            "nodeId", s -> 0); // one node: every session is on it

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
        Function<Session, Comparable<?>> sortKey = SORT_KEYS.get(sortName);
        if (sortKey == null) {
            throw ApiProblem.badRequest("sort", "query parameter sort must be one of "
                    + String.join(", ", new java.util.TreeSet<>(SORT_KEYS.keySet())) + ", not '" + sortName + "'");
        }
        String order = ctx.queryParam("order");
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw ApiProblem.badRequest("order", "query parameter order must be asc or desc, not '" + order + "'");
        }
        if (node != null && !node.equals(broker.nodeId())) {
            ctx.json(new Page<SessionInfo>(List.of(), paging.page(), paging.size(), 0));
            return;
        }
        // Filter and sort on the sessions themselves; build the API's records for one page only, so
        // that a page of 100 out of 100,000 sessions costs a scan, not 100,000 records.
        List<Keyed> matching = new ArrayList<>();
        for (Session session : broker.sessions().all()) {
            if (session.isDiscarded() || !Requests.contains(session.clientId(), clientId)
                    || (connected != null && session.isConnected() != connected)
                    || (type != null && !session.clientType().name().equals(type.name()))
                    || (address != null && (session.connectionInfo() == null
                        || !Requests.contains(session.connectionInfo().address(), address)))) {
                continue;
            }
            matching.add(new Keyed(sortKey.apply(session), session));
        }
        Comparator<Keyed> comparator = Keyed.ORDER;
        if ("desc".equals(order)) {
            comparator = comparator.reversed();
        }
        long from = (long) paging.page() * paging.size();
        List<Keyed> first = smallest(matching, comparator, (int) Math.min(matching.size(), from + paging.size()));
        List<SessionInfo> items = first.subList((int) Math.min(from, first.size()), first.size()).stream()
                .map(k -> info(k.session())).toList();
        ctx.json(new Page<>(items, paging.page(), paging.size(), matching.size()));
    }

    /** A session with the value it sorts by; ties go by client id. */
    private record Keyed(Comparable<?> key, Session session) {

        static final Comparator<Keyed> ORDER = Keyed::compare;

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static int compare(Keyed a, Keyed b) {
            int byKey = a.key() == null ? (b.key() == null ? 0 : 1)
                    : b.key() == null ? -1 : ((Comparable) a.key()).compareTo(b.key());
            return byKey != 0 ? byKey : a.session().clientId().compareTo(b.session().clientId());
        }
    }

    /** The {@code count} smallest of {@code all} in order: a bounded heap when that is far fewer than all. */
    private static List<Keyed> smallest(List<Keyed> all, Comparator<Keyed> order, int count) {
        if (count >= all.size() / 4) {
            all.sort(order);
            return all.subList(0, count);
        }
        PriorityQueue<Keyed> largestFirst = new PriorityQueue<>(count + 1, order.reversed());
        for (Keyed k : all) {
            largestFirst.offer(k);
            if (largestFirst.size() > count) {
                largestFirst.poll();
            }
        }
        List<Keyed> out = new ArrayList<>(largestFirst);
        out.sort(order);
        return out;
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
