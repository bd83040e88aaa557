package dev.gannet.console.app;

import dev.gannet.console.access.AccessView;
import dev.gannet.console.access.AccessViewModel;
import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.common.BrokerSession;
import dev.gannet.console.common.ConsoleView;
import dev.gannet.console.common.FxBackgroundTasks;
import dev.gannet.console.common.FxThread;
import dev.gannet.console.connect.ConnectView;
import dev.gannet.console.connect.ConnectViewModel;
import dev.gannet.console.connect.RecentBrokers;
import dev.gannet.console.credentials.CredentialsView;
import dev.gannet.console.credentials.CredentialsViewModel;
import dev.gannet.console.dashboard.DashboardView;
import dev.gannet.console.dashboard.DashboardViewModel;
import dev.gannet.console.retained.RetainedView;
import dev.gannet.console.retained.RetainedViewModel;
import dev.gannet.console.sessions.SessionsView;
import dev.gannet.console.sessions.SessionsViewModel;
import dev.gannet.console.settings.SettingsView;
import dev.gannet.console.settings.SettingsViewModel;
import dev.gannet.console.topology.TopologyView;
import dev.gannet.console.topology.TopologyViewModel;
import javafx.application.Application;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.util.prefs.Preferences;

/**
 * The console application: the login form first, then the main window for the broker logged in
 * to. Logging out closes the session and returns to the form.
 */
public class ConsoleApp extends Application {

    private static final String LIGHT = ConsoleApp.class.getResource("light.css").toExternalForm();
    private static final String DARK = ConsoleApp.class.getResource("dark.css").toExternalForm();
    private static final String BASE = ConsoleApp.class.getResource("console.css").toExternalForm();

    private final FxBackgroundTasks tasks = new FxBackgroundTasks();
    private final BooleanProperty dark = new SimpleBooleanProperty(false);
    private final RecentBrokers recent;
    private Scene scene;
    private BrokerSession session;
    private MainView main;

    public ConsoleApp() {
        this(RecentBrokers.inUserHome());
    }

    /** A console remembering its brokers in {@code recent} (tests give it a file of their own). */
    public ConsoleApp(RecentBrokers recent) {
        this.recent = recent;
    }

    @Override
    public void start(Stage stage) {
        Preferences preferences = Preferences.userNodeForPackage(ConsoleApp.class);
        dark.set(preferences.getBoolean("dark-theme", false));
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        scene = new Scene(new javafx.scene.layout.StackPane(), Math.min(1280, screen.getWidth() * 0.9),
                Math.min(800, screen.getHeight() * 0.9));
        applyTheme();
        dark.addListener((obs, old, isDark) -> {
            applyTheme();
            preferences.putBoolean("dark-theme", isDark);
        });
        showLogin();
        stage.setTitle("Gannet console");
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setScene(scene);
        stage.show();
    }

    private void applyTheme() {
        scene.getStylesheets().setAll(BASE, dark.get() ? DARK : LIGHT);
    }

    private void showLogin() {
        ConnectViewModel model = new ConnectViewModel(tasks, recent, FxThread::run, this::showMain);
        scene.setRoot((Parent) new ConnectView(model).root());
    }

    private void showMain(BrokerSession loggedIn) {
        session = loggedIn;
        main = new MainView(loggedIn, page -> viewOf(page, loggedIn, tasks), this::logout, dark);
        scene.setRoot((Parent) main.root());
    }

    /** Creates the view of one page: each feature's view bound to its view model. */
    static ConsoleView viewOf(Page page, BrokerSession session, BackgroundTasks tasks) {
        return switch (page) {
            case DASHBOARD -> new DashboardView(new DashboardViewModel(session, tasks));
            case TOPOLOGY -> new TopologyView(new TopologyViewModel(session, tasks));
            case SESSIONS -> new SessionsView(new SessionsViewModel(session.client(), tasks));
            case CREDENTIALS -> new CredentialsView(new CredentialsViewModel(session.client(), tasks));
            case RETAINED -> new RetainedView(new RetainedViewModel(session.client(), tasks));
            case ACCESS -> new AccessView(new AccessViewModel(session.client(), tasks));
            case SETTINGS -> new SettingsView(new SettingsViewModel(session.client(), session.username(), tasks));
        };
    }

    private void logout() {
        BrokerSession ending = session;
        if (main != null) {
            main.dispose();
        }
        session = null;
        main = null;
        showLogin();
        if (ending != null) {
            ending.close();
            tasks.run(() -> {
                ending.client().logout();
                return null;
            }, ignored -> { }, failure -> { }); // the broker may already be gone: nothing to tell
        }
    }

    /** The main window, once logged in (for tests). */
    public MainView mainView() {
        return main;
    }

    @Override
    public void stop() {
        if (main != null) {
            main.dispose();
        }
        if (session != null) {
            session.close();
        }
        tasks.close();
    }
}
