package dev.gannet.broker.metadata;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gannet.broker.storage.StorageException;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.nio.file.Path;

/**
 * The metadata database: credentials, administrators, client details and statistics, reached
 * through jOOQ. One node uses an embedded H2 database in {@code data.dir/metadata}; a cluster uses
 * PostgreSQL. Both are migrated at open by the same Flyway scripts ({@code db/migration}).
 *
 * <p>JDBC blocks: call the repositories from a worker thread, never from a Netty event loop.
 */
public final class MetadataDatabase implements AutoCloseable {

    static {
        // jOOQ's start-up banner and tips do not belong in a broker's log.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final HikariDataSource dataSource;
    private final DSLContext dsl;

    private MetadataDatabase(HikariDataSource dataSource, SQLDialect dialect) {
        this.dataSource = dataSource;
        this.dsl = DSL.using(dataSource, dialect, new Settings().withRenderQuotedNames(RenderQuotedNames.NEVER));
    }

    /** The embedded database in {@code dir}, created and migrated as needed. */
    public static MetadataDatabase embedded(Path dir) {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("metadata")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                // The broker closes it after its last write at shutdown; H2 closing it from its own JVM
                // shutdown hook meanwhile would fail the writes of the connections closing last.
                + ";DB_CLOSE_ON_EXIT=FALSE";
        return open(url, "gannet", "", SQLDialect.H2, 4);
    }

    /** A PostgreSQL database, migrated as needed. */
    public static MetadataDatabase postgres(String url, String user, String password) {
        return open(url, user, password, SQLDialect.POSTGRES, 8);
    }

    private static MetadataDatabase open(String url, String user, String password, SQLDialect dialect, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("gannet-metadata");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageException("Cannot open the metadata database " + redact(url) + ": " + e.getMessage(), e);
        }
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StorageException("Cannot migrate the metadata database " + redact(url) + ": " + e.getMessage(), e);
        }
        return new MetadataDatabase(dataSource, dialect);
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)password=[^;&]*", "password=***");
    }

    DSLContext dsl() {
        return dsl;
    }

    public ClientDetailsRepository clientDetails() {
        return new ClientDetailsRepository(dsl);
    }

    public CredentialsRepository credentials() {
        return new CredentialsRepository(dsl);
    }

    public AdminUserRepository adminUsers() {
        return new AdminUserRepository(dsl);
    }

    public StatisticsRepository statistics() {
        return new StatisticsRepository(dsl);
    }

    public BlockedClientsRepository blockedClients() {
        return new BlockedClientsRepository(dsl);
    }

    public UnauthorizedClientsRepository unauthorizedClients() {
        return new UnauthorizedClientsRepository(dsl);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
