package dev.gannet.broker.metadata;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;

import java.util.List;
import java.util.Optional;

import static dev.gannet.broker.metadata.MetadataTables.AdminUsers.CREATED_AT;
import static dev.gannet.broker.metadata.MetadataTables.AdminUsers.PASSWORD_HASH;
import static dev.gannet.broker.metadata.MetadataTables.AdminUsers.TABLE;
import static dev.gannet.broker.metadata.MetadataTables.AdminUsers.USERNAME;

/** Administrators: created, looked up at login, given new passwords, removed. Blocking. */
public final class AdminUserRepository {

    private final DSLContext dsl;

    AdminUserRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** False when the user name is taken. */
    public boolean create(AdminUser user) {
        try {
            return dsl.insertInto(TABLE).set(USERNAME, user.username()).set(PASSWORD_HASH, user.passwordHash())
                    .set(CREATED_AT, user.createdAt()).execute() == 1;
        } catch (IntegrityConstraintViolationException e) {
            return false;
        }
    }

    public Optional<AdminUser> find(String username) {
        return dsl.selectFrom(TABLE).where(USERNAME.eq(username)).fetchOptional(AdminUserRepository::toUser);
    }

    public boolean changePassword(String username, String passwordHash) {
        return dsl.update(TABLE).set(PASSWORD_HASH, passwordHash).where(USERNAME.eq(username)).execute() == 1;
    }

    public boolean delete(String username) {
        return dsl.deleteFrom(TABLE).where(USERNAME.eq(username)).execute() == 1;
    }

    public List<AdminUser> all() {
        return dsl.selectFrom(TABLE).orderBy(USERNAME).fetch(AdminUserRepository::toUser);
    }

    private static AdminUser toUser(Record r) {
        return new AdminUser(r.get(USERNAME), r.get(PASSWORD_HASH), r.get(CREATED_AT));
    }
}
