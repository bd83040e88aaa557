package dev.gannet.broker.metadata;

import dev.gannet.broker.storage.StorageException;
import org.jooq.DSLContext;
import org.jooq.Query;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A jOOQ query rendered once, in the database's dialect, as JDBC SQL with its named parameters in
 * the order they appear: executed as one JDBC batch, a row costs its binds only. (jOOQ's own
 * batch walks the whole query again for every row.) Every parameter of the query must be named.
 */
final class NamedStatement {

    private static final Pattern NAMED = Pattern.compile("(?<!:):([A-Za-z][A-Za-z0-9_]*)"); // not the second colon of a PostgreSQL cast (::type)

    private final String sql;
    private final List<String> order;

    private NamedStatement(String sql, List<String> order) {
        this.sql = sql;
        this.order = order;
    }

    static NamedStatement render(DSLContext dsl, Query query) {
        String named = dsl.renderNamedParams(query);
        List<String> order = new ArrayList<>();
        StringBuilder jdbc = new StringBuilder();
        Matcher m = NAMED.matcher(named);
        while (m.find()) {
            order.add(m.group(1));
            m.appendReplacement(jdbc, "?");
        }
        m.appendTail(jdbc);
        if (order.size() != query.getBindValues().size()) {
            throw new IllegalStateException("every parameter must be named: " + named);
        }
        return new NamedStatement(jdbc.toString(), List.copyOf(order));
    }

    /** Runs the statement once per row on the context's connection (its transaction, if any). */
    void executeBatch(DSLContext dsl, List<Map<String, Object>> rows) {
        dsl.connection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (Map<String, Object> row : rows) {
                    for (int i = 0; i < order.size(); i++) {
                        String name = order.get(i);
                        if (!row.containsKey(name)) {
                            throw new IllegalArgumentException("no value for :" + name);
                        }
                        statement.setObject(i + 1, row.get(name));
                    }
                    statement.addBatch();
                }
                statement.executeBatch();
            } catch (SQLException e) {
                throw new StorageException("metadata batch failed: " + e.getMessage(), e);
            }
        });
    }
}
