package dev.gannet.broker.metadata;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.Field;
import org.jooq.Record;

import java.util.HashMap;
import java.util.Map;

import java.util.List;
import java.util.Optional;

import static dev.gannet.broker.metadata.MetadataTables.ClientDetails.CLIENT_ID;
import static dev.gannet.broker.metadata.MetadataTables.ClientDetails.CLIENT_TYPE;
import static dev.gannet.broker.metadata.MetadataTables.ClientDetails.CONNECTED;
import static dev.gannet.broker.metadata.MetadataTables.ClientDetails.LAST_CONNECTED_AT;
import static dev.gannet.broker.metadata.MetadataTables.ClientDetails.LAST_DISCONNECTED_AT;
import static dev.gannet.broker.metadata.MetadataTables.ClientDetails.NODE_ID;
import static dev.gannet.broker.metadata.MetadataTables.ClientDetails.PROTOCOL_VERSION;
import static dev.gannet.broker.metadata.MetadataTables.ClientDetails.REMOTE_ADDRESS;
import static dev.gannet.broker.metadata.MetadataTables.ClientDetails.TABLE;
import static dev.gannet.broker.metadata.MetadataTables.ClientDetails.USERNAME;

/** Client details: written on connect and disconnect, read by the management endpoint. Blocking. */
public final class ClientDetailsRepository {

    private final DSLContext dsl;

    ClientDetailsRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Runs {@code writes} in one transaction, with repositories bound to it: many connects and
     * disconnects for one commit, which is most of what each costs on its own.
     */
    void inOneTransaction(java.util.function.BiConsumer<ClientDetailsRepository, UnauthorizedClientsRepository> writes) {
        dsl.transaction(configuration -> {
            DSLContext tx = org.jooq.impl.DSL.using(configuration);
            writes.accept(new ClientDetailsRepository(tx), new UnauthorizedClientsRepository(tx));
        });
    }

    /** Records a connection, creating or replacing the client's row (keeping its last disconnect time). */
    public void connected(ClientDetails details) {
        Map<Field<?>, Object> current = new HashMap<>();
        current.put(CLIENT_TYPE, details.clientType());
        current.put(USERNAME, details.username());
        current.put(PROTOCOL_VERSION, details.protocolVersion());
        current.put(REMOTE_ADDRESS, details.remoteAddress());
        current.put(NODE_ID, details.nodeId());
        current.put(CONNECTED, true);
        current.put(LAST_CONNECTED_AT, details.lastConnectedAt());
        dsl.insertInto(TABLE)
                .set(current)
                .set(CLIENT_ID, details.clientId())
                .set(LAST_DISCONNECTED_AT, details.lastDisconnectedAt())
                .onConflict(CLIENT_ID).doUpdate()
                .set(current)
                .execute();
    }

    /**
     * {@link #connected} for many clients as one JDBC batch: jOOQ renders the statement once (for
     * this database's dialect) and each row costs only its binds, where building and binding a
     * query per row cost most of a connection storm's CPU.
     */
    public void connected(List<ClientDetails> all) {
        if (all.size() == 1) {
            connected(all.get(0));
            return;
        }
        Map<Field<?>, Object> current = new HashMap<>();
        current.put(CLIENT_TYPE, DSL.param("clientType", String.class));
        current.put(USERNAME, DSL.param("username", String.class));
        current.put(PROTOCOL_VERSION, DSL.param("protocolVersion", String.class));
        current.put(REMOTE_ADDRESS, DSL.param("remoteAddress", String.class));
        current.put(NODE_ID, DSL.param("nodeId", String.class));
        current.put(CONNECTED, DSL.param("connected", Boolean.class));
        current.put(LAST_CONNECTED_AT, DSL.param("lastConnectedAt", Long.class));
        NamedStatement upsert = NamedStatement.render(dsl, dsl.insertInto(TABLE)
                .set(current)
                .set(CLIENT_ID, DSL.param("clientId", String.class))
                .set(LAST_DISCONNECTED_AT, DSL.param("lastDisconnectedAt", Long.class))
                .onConflict(CLIENT_ID).doUpdate()
                .set(current));
        List<Map<String, Object>> rows = new java.util.ArrayList<>(all.size());
        for (ClientDetails d : all) {
            Map<String, Object> values = new HashMap<>(); // HashMap: the user name and last disconnect may be null
            values.put("clientType", d.clientType());
            values.put("username", d.username());
            values.put("protocolVersion", d.protocolVersion());
            values.put("remoteAddress", d.remoteAddress());
            values.put("nodeId", d.nodeId());
            values.put("connected", true);
            values.put("lastConnectedAt", d.lastConnectedAt());
            values.put("clientId", d.clientId());
            values.put("lastDisconnectedAt", d.lastDisconnectedAt());
            rows.add(values);
        }
        upsert.executeBatch(dsl, rows);
    }

    /** A disconnect to record: see {@link #disconnected(String, String, long)}. */
    public record Disconnect(String clientId, String nodeId, long at) {
    }

    /** {@link #disconnected(String, String, long)} for many clients as one JDBC batch of one statement. */
    public void disconnected(List<Disconnect> all) {
        if (all.size() == 1) {
            Disconnect d = all.get(0);
            disconnected(d.clientId(), d.nodeId(), d.at());
            return;
        }
        NamedStatement update = NamedStatement.render(dsl, dsl.update(TABLE).set(CONNECTED, DSL.param("disconnected", Boolean.class))
                .set(LAST_DISCONNECTED_AT, DSL.param("at", Long.class))
                .where(CLIENT_ID.eq(DSL.param("clientId", String.class))
                        .and(NODE_ID.eq(DSL.param("nodeId", String.class))).and(CONNECTED.isTrue())));
        List<Map<String, Object>> rows = new java.util.ArrayList<>(all.size());
        for (Disconnect d : all) {
            rows.add(Map.of("disconnected", false, "at", d.at(), "clientId", d.clientId(), "nodeId", d.nodeId()));
        }
        update.executeBatch(dsl, rows);
    }

    /** Records that the client's connection on {@code nodeId} ended at {@code at}. */
    public void disconnected(String clientId, String nodeId, long at) {
        dsl.update(TABLE).set(CONNECTED, false).set(LAST_DISCONNECTED_AT, at)
                .where(CLIENT_ID.eq(clientId).and(NODE_ID.eq(nodeId)).and(CONNECTED.isTrue()))
                .execute();
    }

    /** At start-up: clients shown connected to this node lost their connection when it stopped. */
    public int markAllDisconnected(String nodeId, long at) {
        return dsl.update(TABLE).set(CONNECTED, false).set(LAST_DISCONNECTED_AT, at)
                .where(NODE_ID.eq(nodeId).and(CONNECTED.isTrue()))
                .execute();
    }

    public Optional<ClientDetails> find(String clientId) {
        return dsl.selectFrom(TABLE).where(CLIENT_ID.eq(clientId)).fetchOptional(ClientDetailsRepository::toDetails);
    }

    /** A page ordered by client id. */
    public List<ClientDetails> page(int offset, int limit) {
        return dsl.selectFrom(TABLE).orderBy(CLIENT_ID).offset(offset).limit(limit).fetch(ClientDetailsRepository::toDetails);
    }

    public int count() {
        return dsl.fetchCount(TABLE);
    }

    private static ClientDetails toDetails(Record r) {
        return new ClientDetails(r.get(CLIENT_ID), r.get(CLIENT_TYPE), r.get(USERNAME), r.get(PROTOCOL_VERSION),
                r.get(REMOTE_ADDRESS), r.get(NODE_ID), r.get(CONNECTED), r.get(LAST_CONNECTED_AT), r.get(LAST_DISCONNECTED_AT));
    }
}
