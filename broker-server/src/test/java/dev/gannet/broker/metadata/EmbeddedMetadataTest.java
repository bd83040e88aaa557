package dev.gannet.broker.metadata;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadata contract on the embedded H2 database, and what survives reopening it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedMetadataTest extends MetadataContract {

    private Path dir;
    private MetadataDatabase database;

    @BeforeAll
    void open() throws Exception {
        dir = Files.createTempDirectory("gannet-metadata-");
        database = MetadataDatabase.embedded(dir);
    }

    @AfterAll
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected MetadataDatabase database() {
        return database;
    }

    @Test
    void the_database_is_a_file_in_the_data_directory_and_keeps_its_rows() {
        database.credentials().create(new StoredCredentials("kept-id", "kept", "MQTT_BASIC", "DEVICE", "kept|key", "{}", 1, 1));
        database.close();
        assertThat(dir.resolve("metadata.mv.db")).exists();
        database = MetadataDatabase.embedded(dir);
        assertThat(database.credentials().find("kept-id")).isPresent();
    }
}
