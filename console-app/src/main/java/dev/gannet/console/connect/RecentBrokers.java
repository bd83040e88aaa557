package dev.gannet.console.connect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The brokers this console logged in to, most recent first, in a small JSON file
 * ({@code ~/.config/gannet/recent-brokers.json}): URL, user name, and the CA file trusted for
 * TLS. Never a password.
 */
public final class RecentBrokers {

    private static final Logger LOG = LoggerFactory.getLogger(RecentBrokers.class);
    private static final int KEPT = 10;

    /** One remembered broker. */
    public record Entry(String url, String username, String caFile) {

        @Override
        public String toString() {
            return username + " @ " + url;
        }
    }

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();

    public RecentBrokers(Path file) {
        this.file = file;
    }

    /** The file in the user's configuration directory. */
    public static RecentBrokers inUserHome() {
        return new RecentBrokers(Path.of(System.getProperty("user.home"), ".config", "gannet", "recent-brokers.json"));
    }

    public List<Entry> load() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return List.copyOf(json.readValue(file.toFile(), new TypeReference<List<Entry>>() { }));
        } catch (IOException e) {
            LOG.warn("Cannot read the recent brokers from {}: {}", file, e.getMessage());
            return List.of();
        }
    }

    /** Puts {@code entry} first, dropping an older entry for the same URL and user. */
    public List<Entry> remember(Entry entry) {
        List<Entry> entries = new ArrayList<>(load());
        entries.removeIf(e -> e.url().equals(entry.url()) && e.username().equals(entry.username()));
        entries.add(0, entry);
        List<Entry> kept = List.copyOf(entries.subList(0, Math.min(KEPT, entries.size())));
        try {
            Files.createDirectories(file.getParent());
            json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), kept);
        } catch (IOException e) {
            LOG.warn("Cannot save the recent brokers to {}: {}", file, e.getMessage());
        }
        return kept;
    }
}
