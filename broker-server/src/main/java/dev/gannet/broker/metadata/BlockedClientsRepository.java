package dev.gannet.broker.metadata;

import org.jooq.DSLContext;
import org.jooq.Record;

import java.util.List;

import static dev.gannet.broker.metadata.MetadataTables.Blocked.BLOCK_TYPE;
import static dev.gannet.broker.metadata.MetadataTables.Blocked.CREATED_AT;
import static dev.gannet.broker.metadata.MetadataTables.Blocked.DESCRIPTION;
import static dev.gannet.broker.metadata.MetadataTables.Blocked.EXPIRES_AT;
import static dev.gannet.broker.metadata.MetadataTables.Blocked.ID;
import static dev.gannet.broker.metadata.MetadataTables.Blocked.PATTERN;
import static dev.gannet.broker.metadata.MetadataTables.Blocked.REGEX_TARGET;
import static dev.gannet.broker.metadata.MetadataTables.Blocked.TABLE;

/** Blocked clients: added, removed, listed. Blocking. */
public final class BlockedClientsRepository {

    private final DSLContext dsl;

    BlockedClientsRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void add(BlockedClient block) {
        dsl.insertInto(TABLE).set(ID, block.id()).set(BLOCK_TYPE, block.blockType()).set(PATTERN, block.pattern())
                .set(REGEX_TARGET, block.regexTarget()).set(DESCRIPTION, block.description())
                .set(EXPIRES_AT, block.expiresAt()).set(CREATED_AT, block.createdAt()).execute();
    }

    public boolean remove(String id) {
        return dsl.deleteFrom(TABLE).where(ID.eq(id)).execute() == 1;
    }

    /** Every block, expired ones included (they are ignored when matching), newest first. */
    public List<BlockedClient> all() {
        return dsl.selectFrom(TABLE).orderBy(CREATED_AT.desc(), ID).fetch(BlockedClientsRepository::toBlock);
    }

    private static BlockedClient toBlock(Record r) {
        return new BlockedClient(r.get(ID), r.get(BLOCK_TYPE), r.get(PATTERN), r.get(REGEX_TARGET), r.get(DESCRIPTION),
                r.get(EXPIRES_AT), r.get(CREATED_AT));
    }
}
