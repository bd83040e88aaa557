package dev.gannet.broker.metadata;

import org.jooq.DSLContext;
import org.jooq.Query;

import java.util.ArrayList;
import java.util.List;

import static dev.gannet.broker.metadata.MetadataTables.Statistics.NAME;
import static dev.gannet.broker.metadata.MetadataTables.Statistics.NODE_ID;
import static dev.gannet.broker.metadata.MetadataTables.Statistics.READING;
import static dev.gannet.broker.metadata.MetadataTables.Statistics.SAMPLED_AT;
import static dev.gannet.broker.metadata.MetadataTables.Statistics.TABLE;

/** Broker figures over time: written in batches, read back by range, pruned by age. Blocking. */
public final class StatisticsRepository {

    private final DSLContext dsl;

    StatisticsRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Writes the samples in one batch. */
    public void record(List<StatisticSample> samples) {
        List<Query> inserts = new ArrayList<>(samples.size());
        for (StatisticSample s : samples) {
            inserts.add(dsl.insertInto(TABLE).set(NODE_ID, s.nodeId()).set(NAME, s.name())
                    .set(SAMPLED_AT, s.sampledAt()).set(READING, s.reading()));
        }
        dsl.batch(inserts).execute();
    }

    /** The samples of one figure on one node in [from, to), oldest first. */
    public List<StatisticSample> range(String nodeId, String name, long from, long to) {
        return dsl.selectFrom(TABLE)
                .where(NODE_ID.eq(nodeId).and(NAME.eq(name)).and(SAMPLED_AT.ge(from)).and(SAMPLED_AT.lt(to)))
                .orderBy(SAMPLED_AT)
                .fetch(r -> new StatisticSample(r.get(NODE_ID), r.get(NAME), r.get(SAMPLED_AT), r.get(READING)));
    }

    /** Every figure's samples on one node in [from, to), oldest first. */
    public List<StatisticSample> range(String nodeId, long from, long to) {
        return dsl.selectFrom(TABLE)
                .where(NODE_ID.eq(nodeId).and(SAMPLED_AT.ge(from)).and(SAMPLED_AT.lt(to)))
                .orderBy(SAMPLED_AT, NAME)
                .fetch(r -> new StatisticSample(r.get(NODE_ID), r.get(NAME), r.get(SAMPLED_AT), r.get(READING)));
    }

    /** Deletes samples older than {@code before}; returns how many. */
    public int deleteOlderThan(long before) {
        return dsl.deleteFrom(TABLE).where(SAMPLED_AT.lt(before)).execute();
    }
}
