package dev.gannet.broker.metadata;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.gannet.broker.metadata.MetadataTables.Unauthorized.ATTEMPTED_AT;
import static dev.gannet.broker.metadata.MetadataTables.Unauthorized.CLIENT_ID;
import static dev.gannet.broker.metadata.MetadataTables.Unauthorized.PASSWORD_PROVIDED;
import static dev.gannet.broker.metadata.MetadataTables.Unauthorized.REASON;
import static dev.gannet.broker.metadata.MetadataTables.Unauthorized.REMOTE_ADDRESS;
import static dev.gannet.broker.metadata.MetadataTables.Unauthorized.TABLE;
import static dev.gannet.broker.metadata.MetadataTables.Unauthorized.USERNAME;

/** The last refused CONNECT of each client id. Blocking. */
public final class UnauthorizedClientsRepository {

    private final DSLContext dsl;

    UnauthorizedClientsRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void record(UnauthorizedClient attempt) {
        Map<Field<?>, Object> values = new HashMap<>();
        values.put(REMOTE_ADDRESS, attempt.remoteAddress());
        values.put(USERNAME, attempt.username());
        values.put(PASSWORD_PROVIDED, attempt.passwordProvided());
        values.put(REASON, attempt.reason());
        values.put(ATTEMPTED_AT, attempt.attemptedAt());
        dsl.insertInto(TABLE).set(values).set(CLIENT_ID, attempt.clientId())
                .onConflict(CLIENT_ID).doUpdate().set(values).execute();
    }

    public Optional<UnauthorizedClient> find(String clientId) {
        return dsl.selectFrom(TABLE).where(CLIENT_ID.eq(clientId)).fetchOptional(UnauthorizedClientsRepository::toAttempt);
    }

    public int count() {
        return dsl.fetchCount(TABLE);
    }

    /** The most recent attempts first. */
    public List<UnauthorizedClient> page(int offset, int limit) {
        return dsl.selectFrom(TABLE).orderBy(ATTEMPTED_AT.desc(), CLIENT_ID).offset(offset).limit(limit)
                .fetch(UnauthorizedClientsRepository::toAttempt);
    }

    private static UnauthorizedClient toAttempt(Record r) {
        return new UnauthorizedClient(r.get(CLIENT_ID), r.get(REMOTE_ADDRESS), r.get(USERNAME), r.get(PASSWORD_PROVIDED),
                r.get(REASON), r.get(ATTEMPTED_AT));
    }
}
