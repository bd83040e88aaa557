package dev.gannet.broker.metadata;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;

import java.util.List;
import java.util.Optional;

import static dev.gannet.broker.metadata.MetadataTables.Credentials.CLIENT_TYPE;
import static dev.gannet.broker.metadata.MetadataTables.Credentials.CREATED_AT;
import static dev.gannet.broker.metadata.MetadataTables.Credentials.CREDENTIALS_ID;
import static dev.gannet.broker.metadata.MetadataTables.Credentials.CREDENTIALS_TYPE;
import static dev.gannet.broker.metadata.MetadataTables.Credentials.CREDENTIALS_VALUE;
import static dev.gannet.broker.metadata.MetadataTables.Credentials.ID;
import static dev.gannet.broker.metadata.MetadataTables.Credentials.NAME;
import static dev.gannet.broker.metadata.MetadataTables.Credentials.TABLE;
import static dev.gannet.broker.metadata.MetadataTables.Credentials.UPDATED_AT;

/** MQTT client credentials: created, looked up, changed and removed. Blocking. */
public final class CredentialsRepository {

    private final DSLContext dsl;

    CredentialsRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** @throws DuplicateCredentialsException when the matching key is taken */
    public void create(StoredCredentials c) {
        try {
            dsl.insertInto(TABLE)
                    .set(ID, c.id()).set(NAME, c.name()).set(CREDENTIALS_TYPE, c.credentialsType())
                    .set(CLIENT_TYPE, c.clientType()).set(CREDENTIALS_ID, c.credentialsId())
                    .set(CREDENTIALS_VALUE, c.credentialsValue()).set(CREATED_AT, c.createdAt()).set(UPDATED_AT, c.updatedAt())
                    .execute();
        } catch (IntegrityConstraintViolationException e) {
            throw new DuplicateCredentialsException(c.credentialsId(), e);
        }
    }

    /** Replaces everything but the id and creation time; false when there is no such id. */
    public boolean update(StoredCredentials c) {
        try {
            return dsl.update(TABLE)
                    .set(NAME, c.name()).set(CREDENTIALS_TYPE, c.credentialsType()).set(CLIENT_TYPE, c.clientType())
                    .set(CREDENTIALS_ID, c.credentialsId()).set(CREDENTIALS_VALUE, c.credentialsValue())
                    .set(UPDATED_AT, c.updatedAt())
                    .where(ID.eq(c.id())).execute() == 1;
        } catch (IntegrityConstraintViolationException e) {
            throw new DuplicateCredentialsException(c.credentialsId(), e);
        }
    }

    public boolean delete(String id) {
        return dsl.deleteFrom(TABLE).where(ID.eq(id)).execute() == 1;
    }

    public Optional<StoredCredentials> find(String id) {
        return dsl.selectFrom(TABLE).where(ID.eq(id)).fetchOptional(CredentialsRepository::toCredentials);
    }

    /** The credentials a CONNECT matches, by their matching key. */
    public Optional<StoredCredentials> findByCredentialsId(String credentialsId) {
        return dsl.selectFrom(TABLE).where(CREDENTIALS_ID.eq(credentialsId)).fetchOptional(CredentialsRepository::toCredentials);
    }

    /** A page ordered by name, then id. */
    public List<StoredCredentials> page(int offset, int limit) {
        return dsl.selectFrom(TABLE).orderBy(NAME, ID).offset(offset).limit(limit).fetch(CredentialsRepository::toCredentials);
    }

    public int count() {
        return dsl.fetchCount(TABLE);
    }

    /**
     * A page of the credentials of one type (null: any) whose name or matching key contains
     * {@code search} ignoring case (null: any), ordered by name, then id.
     */
    public List<StoredCredentials> search(String credentialsType, String search, int offset, int limit) {
        return dsl.selectFrom(TABLE).where(matching(credentialsType, search)).orderBy(NAME, ID).offset(offset).limit(limit)
                .fetch(CredentialsRepository::toCredentials);
    }

    /** How many credentials {@link #search} finds on all pages. */
    public int countMatching(String credentialsType, String search) {
        return dsl.fetchCount(TABLE, matching(credentialsType, search));
    }

    private static org.jooq.Condition matching(String credentialsType, String search) {
        org.jooq.Condition condition = org.jooq.impl.DSL.noCondition();
        if (credentialsType != null) {
            condition = condition.and(CREDENTIALS_TYPE.eq(credentialsType));
        }
        if (search != null) {
            condition = condition.and(NAME.containsIgnoreCase(search).or(CREDENTIALS_ID.containsIgnoreCase(search)));
        }
        return condition;
    }

    /**
     * Creates all of {@code credentials} in one transaction, or none of them.
     *
     * @throws DuplicateCredentialsException naming the first matching key that is taken
     */
    public void createAll(List<StoredCredentials> credentials) {
        dsl.transaction(transaction -> {
            CredentialsRepository inTransaction = new CredentialsRepository(transaction.dsl());
            for (StoredCredentials c : credentials) {
                inTransaction.create(c);
            }
        });
    }

    private static StoredCredentials toCredentials(Record r) {
        return new StoredCredentials(r.get(ID), r.get(NAME), r.get(CREDENTIALS_TYPE), r.get(CLIENT_TYPE),
                r.get(CREDENTIALS_ID), r.get(CREDENTIALS_VALUE), r.get(CREATED_AT), r.get(UPDATED_AT));
    }
}
