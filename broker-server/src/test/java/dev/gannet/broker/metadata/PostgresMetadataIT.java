package dev.gannet.broker.metadata;

import dev.gannet.broker.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The same metadata contract on a real PostgreSQL: the migrations and queries cluster mode uses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresMetadataIT extends MetadataContract {

    private PostgresServer server;
    private MetadataDatabase database;

    @BeforeAll
    void start() throws Exception {
        server = PostgresServer.start();
        database = MetadataDatabase.postgres(server.jdbcUrl(), "postgres", "");
    }

    @AfterAll
    void stop() throws Exception {
        if (database != null) {
            database.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected MetadataDatabase database() {
        return database;
    }
}
