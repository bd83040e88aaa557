package dev.gannet.console.connect;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.common.BrokerSession;
import dev.gannet.console.common.ErrorMessages;
import dev.gannet.console.common.LiveFeed;
import dev.gannet.model.client.GannetClient;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Logging in to a broker: its URL, an administrator's user name and password, and for a broker
 * with its own CA the CA file to trust. Remembers brokers (never passwords).
 */
public final class ConnectViewModel {

    private final BackgroundTasks tasks;
    private final RecentBrokers recent;
    private final Executor liveDispatcher;
    private final Consumer<BrokerSession> onConnected;

    private final StringProperty url = new SimpleStringProperty("http://localhost:8083");
    private final StringProperty username = new SimpleStringProperty("admin");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty caFile = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final ObservableList<RecentBrokers.Entry> recentBrokers = FXCollections.observableArrayList();
    private final ObjectProperty<RecentBrokers.Entry> chosen = new SimpleObjectProperty<>();

    /**
     * @param liveDispatcher where the live feed calls its listeners (the FX thread)
     * @param onConnected    receives the logged-in broker
     */
    public ConnectViewModel(BackgroundTasks tasks, RecentBrokers recent, Executor liveDispatcher,
                            Consumer<BrokerSession> onConnected) {
        this.tasks = tasks;
        this.recent = recent;
        this.liveDispatcher = liveDispatcher;
        this.onConnected = onConnected;
        recentBrokers.setAll(recent.load());
        if (!recentBrokers.isEmpty()) {
            choose(recentBrokers.get(0));
        }
        chosen.addListener((obs, old, entry) -> {
            if (entry != null) {
                choose(entry);
            }
        });
    }

    private void choose(RecentBrokers.Entry entry) {
        url.set(entry.url());
        username.set(entry.username());
        caFile.set(entry.caFile() == null ? "" : entry.caFile());
    }

    /** Logs in, in the background; on success the session goes to {@code onConnected}. */
    public void connect() {
        if (!canConnect().get()) {
            return;
        }
        error.set("");
        busy.set(true);
        String target = url.get().trim();
        String user = username.get().trim();
        String secret = password.get();
        String ca = caFile.get().trim();
        tasks.run(() -> {
            GannetClient client = GannetClient.of(uri(target), ca.isEmpty() ? null : TlsTrust.trusting(Path.of(ca)));
            client.login(user, secret);
            return client;
        }, client -> {
            busy.set(false);
            password.set("");
            recentBrokers.setAll(recent.remember(new RecentBrokers.Entry(target, user, ca.isEmpty() ? null : ca)));
            onConnected.accept(new BrokerSession(client, new LiveFeed(client, liveDispatcher).start(), target, user));
        }, failure -> {
            busy.set(false);
            error.set(ErrorMessages.of(failure));
        });
    }

    private static URI uri(String text) {
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: a broker URL looks like http://host:8083", e);
        }
    }

    public BooleanBinding canConnect() {
        return Bindings.createBooleanBinding(() -> !busy.get() && !url.get().isBlank() && !username.get().isBlank()
                && !password.get().isEmpty(), busy, url, username, password);
    }

    public StringProperty urlProperty() {
        return url;
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty caFileProperty() {
        return caFile;
    }

    /** Why the last attempt failed; empty otherwise. */
    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public ObservableList<RecentBrokers.Entry> recentBrokers() {
        return recentBrokers;
    }

    public ObjectProperty<RecentBrokers.Entry> chosenProperty() {
        return chosen;
    }
}
