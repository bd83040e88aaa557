package dev.gannet.broker.management;

import dev.gannet.broker.metadata.MetadataDatabase;
import dev.gannet.model.api.Figures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The minute-by-minute figures kept in the (embedded H2) metadata database, as read back for long histories. */
class StatsArchiveTest {

    private static final long T0 = 1_800_000_000_000L;
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;
    private MetadataDatabase database;
    private StatsArchive archive;

    @BeforeEach
    void open() {
        database = MetadataDatabase.embedded(dir);
        archive = new StatsArchive(database.statistics(), "node-a");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static Figures at(long time, long messagesIn, int connections) {
        return new Figures(time, 0, 0, 0, 0, 0, messagesIn, messagesIn * 2, messagesIn * 10, messagesIn * 20, 0,
                connections, connections + 1, 3, 4);
    }

    @Test
    void rates_come_from_the_counters_between_two_samples_and_a_restart_counts_from_zero() {
        archive.record(at(T0, 0, 1));
        archive.record(at(T0 + MINUTE, 600, 2));
        archive.record(at(T0 + 2 * MINUTE, 1_800, 3));
        archive.record(at(T0 + 3 * MINUTE, 120, 1)); // restarted: the counter started again from 0

        List<Figures> points = archive.history(T0, T0 + 4 * MINUTE, 60);

        assertThat(points).extracting(Figures::at).containsExactly(T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE);
        assertThat(points.get(0).messagesInPerSecond()).isCloseTo(10.0, within(1e-9));
        assertThat(points.get(1).messagesInPerSecond()).isCloseTo(20.0, within(1e-9));
        assertThat(points.get(1).bytesOutPerSecond()).isCloseTo(400.0, within(1e-9));
        assertThat(points.get(2).messagesInPerSecond()).as("after a restart").isCloseTo(2.0, within(1e-9));
        assertThat(points.get(2).connections()).isEqualTo(1);
        assertThat(points.get(2).sessions()).isEqualTo(2);
        assertThat(points.get(2).retained()).isEqualTo(4);
    }

    @Test
    void longer_steps_average_the_rates_and_keep_the_last_state_and_old_samples_are_pruned() {
        for (int m = 0; m <= 6; m++) {
            archive.record(at(T0 + m * MINUTE, m * 60L * (m + 1), m));
        }
        List<Figures> perMinute = archive.history(T0, T0 + 7 * MINUTE, 60);
        assertThat(perMinute).hasSize(6);
        List<Figures> perThree = archive.history(T0, T0 + 7 * MINUTE, 180);
        assertThat(perThree).hasSize(2);
        assertThat(perThree.get(1).at()).isEqualTo(T0 + 6 * MINUTE);
        assertThat(perThree.get(1).connections()).isEqualTo(6);
        double average = (perMinute.get(3).messagesInPerSecond() + perMinute.get(4).messagesInPerSecond()
                + perMinute.get(5).messagesInPerSecond()) / 3;
        assertThat(perThree.get(1).messagesInPerSecond()).isCloseTo(average, within(1e-9));

        assertThat(archive.prune(T0 + 3 * MINUTE)).as("three samples of nine figures").isEqualTo(27);
        assertThat(archive.history(T0, T0 + 7 * MINUTE, 60)).extracting(Figures::at).first().isEqualTo(T0 + 4 * MINUTE);
        assertThat(new StatsArchive(database.statistics(), "node-b").history(T0, T0 + 7 * MINUTE, 60))
                .as("another node's figures are its own").isEmpty();
    }
}
