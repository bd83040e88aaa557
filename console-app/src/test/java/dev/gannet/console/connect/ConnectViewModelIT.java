package dev.gannet.console.connect;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.common.BrokerSession;
import dev.gannet.console.testing.ConsoleTestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Logging in through the view model, against a real broker; what is remembered, and what is not. */
class ConnectViewModelIT {

    private final ConsoleTestBroker broker = ConsoleTestBroker.start();
    private final List<BrokerSession> sessions = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        sessions.forEach(BrokerSession::close);
        broker.close();
    }

    private ConnectViewModel model(RecentBrokers recent) {
        return new ConnectViewModel(BackgroundTasks.sameThread(), recent, Runnable::run, sessions::add);
    }

    @Test
    void a_successful_login_hands_over_a_session_and_remembers_the_broker_but_never_the_password() throws Exception {
        Path file = dir.resolve("recent.json");
        ConnectViewModel model = model(new RecentBrokers(file));
        assertThat(model.canConnect().get()).as("no password yet").isFalse();
        model.urlProperty().set(broker.url());
        model.usernameProperty().set("admin");
        model.passwordProperty().set(ConsoleTestBroker.ADMIN_PASSWORD);
        assertThat(model.canConnect().get()).isTrue();

        model.connect();

        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(sessions).singleElement().satisfies(session -> {
            assertThat(session.username()).isEqualTo("admin");
            assertThat(session.client().topology().nodes()).hasSize(1);
        });
        assertThat(model.passwordProperty().get()).as("the password is not kept in the form").isEmpty();
        String saved = Files.readString(file);
        assertThat(saved).contains(broker.url()).contains("admin").doesNotContain(ConsoleTestBroker.ADMIN_PASSWORD);

        ConnectViewModel next = model(new RecentBrokers(file));
        assertThat(next.recentBrokers()).extracting(RecentBrokers.Entry::url).containsExactly(broker.url());
        assertThat(next.urlProperty().get()).as("the last broker is filled in").isEqualTo(broker.url());
    }

    @Test
    void refusals_say_what_went_wrong() {
        ConnectViewModel model = model(new RecentBrokers(dir.resolve("recent.json")));
        model.urlProperty().set(broker.url());
        model.usernameProperty().set("admin");
        model.passwordProperty().set("wrong-password");
        model.connect();
        assertThat(model.errorProperty().get()).isEqualTo("Wrong user name or password.");
        assertThat(sessions).isEmpty();

        model.caFileProperty().set(dir.resolve("missing-ca.pem").toString());
        model.urlProperty().set("https://127.0.0.1:1");
        model.passwordProperty().set("x");
        model.connect();
        assertThat(model.errorProperty().get()).contains("CA file");

        model.caFileProperty().set("");
        model.urlProperty().set("not a url");
        model.passwordProperty().set("x");
        model.connect();
        assertThat(model.errorProperty().get()).contains("http://host:8083");
        assertThat(model.busyProperty().get()).isFalse();
    }
}
