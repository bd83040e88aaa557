package dev.gannet.console.settings;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.common.ErrorMessages;
import dev.gannet.model.api.ConfigEntry;
import dev.gannet.model.api.Health;
import dev.gannet.model.api.Topology;
import dev.gannet.model.client.GannetClient;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The broker's running configuration (filtered as typed), facts about the console and the broker,
 * and the administrators of the management endpoint (list, add, delete).
 *
 * <p>Who is logged in is not something the management client knows, so this view does not claim
 * to: the top bar of the main window says it.
 */
public final class SettingsViewModel {

    private static final String NOT_KNOWN = "–";

    private final GannetClient client;
    private final BackgroundTasks tasks;

    private final ObservableList<ConfigEntry> configuration = FXCollections.observableArrayList();
    private final FilteredList<ConfigEntry> shownConfiguration = new FilteredList<>(configuration);
    private final StringProperty configFilter = new SimpleStringProperty("");
    private final StringBinding configCount = Bindings.createStringBinding(() -> configuration.isEmpty() ? ""
            : shownConfiguration.size() == configuration.size() ? configuration.size() + " keys"
            : shownConfiguration.size() + " of " + configuration.size() + " keys", configuration, shownConfiguration);
    private final ReadOnlyStringWrapper configError = new ReadOnlyStringWrapper("");

    private final ReadOnlyStringWrapper brokerVersion = new ReadOnlyStringWrapper(NOT_KNOWN);
    private final ReadOnlyStringWrapper nodeId = new ReadOnlyStringWrapper(NOT_KNOWN);
    private final ReadOnlyStringWrapper mode = new ReadOnlyStringWrapper(NOT_KNOWN);
    private final ReadOnlyStringWrapper uptime = new ReadOnlyStringWrapper(NOT_KNOWN);
    private final ReadOnlyStringWrapper aboutError = new ReadOnlyStringWrapper("");

    private final ObservableList<AdminRow> admins = FXCollections.observableArrayList();
    private final AdminForm adminForm = new AdminForm();
    private final ReadOnlyBooleanWrapper changingAdmins = new ReadOnlyBooleanWrapper(false);
    private final BooleanBinding canAddAdmin = adminForm.validProperty().and(changingAdmins.not());
    private final ReadOnlyStringWrapper adminsStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper adminsError = new ReadOnlyStringWrapper("");

    /** The administrator logged in (null when not known: the password change is then off). */
    private final String me;
    private final StringProperty myPassword = new SimpleStringProperty("");
    private final StringProperty myPasswordAgain = new SimpleStringProperty("");
    private final StringBinding myPasswordProblem = Bindings.createStringBinding(() -> myPasswordProblem(),
            myPassword, myPasswordAgain);
    private final ReadOnlyBooleanWrapper changingMyPassword = new ReadOnlyBooleanWrapper(false);
    /** Counts administrator list loads, so that an older answer arriving late is dropped. */
    private long adminLoads;
    /** Counts refreshes of the configuration and the broker's facts, likewise. */
    private long refreshes;
    private final BooleanBinding canChangeMyPassword;

    public SettingsViewModel(GannetClient client, BackgroundTasks tasks) {
        this(client, null, tasks);
    }

    /** @param me the administrator logged in, whose own password this view can change */
    public SettingsViewModel(GannetClient client, String me, BackgroundTasks tasks) {
        this.client = client;
        this.tasks = tasks;
        this.me = me;
        this.canChangeMyPassword = Bindings.createBooleanBinding(() -> me != null && !myPassword.get().isEmpty()
                && myPasswordProblem.get().isEmpty() && !changingMyPassword.get(), myPasswordProblem, myPassword, changingMyPassword);
        shownConfiguration.predicateProperty().bind(Bindings.createObjectBinding(() -> matching(configFilter.get()), configFilter));
    }

    /** Loads the configuration, the broker's facts and the administrators. */
    public void refresh() {
        long asked = ++refreshes; // answers of an earlier refresh arriving late are dropped
        tasks.run(client::configuration, entries -> {
            if (asked == refreshes) {
                configError.set("");
                configuration.setAll(entries);
            }
        }, failure -> {
            if (asked == refreshes) {
                configError.set(ErrorMessages.of(failure));
            }
        });
        tasks.run(() -> new BrokerFacts(client.health(), client.topology()), facts -> {
            if (asked == refreshes) {
                showFacts(facts);
            }
        }, failure -> {
            if (asked == refreshes) {
                aboutError.set(ErrorMessages.of(failure));
            }
        });
        loadAdmins();
    }

    private record BrokerFacts(Health health, Topology topology) {
    }

    private void showFacts(BrokerFacts facts) {
        aboutError.set("");
        brokerVersion.set(facts.health().version());
        nodeId.set(facts.health().nodeId());
        mode.set(facts.topology().mode());
        uptime.set(uptime(facts.health().uptimeMillis()));
    }

    /** Keys whose name, value or environment variable holds {@code text}, ignoring case. */
    static Predicate<ConfigEntry> matching(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (wanted.isEmpty()) {
            return entry -> true;
        }
        return entry -> contains(entry.key(), wanted) || contains(entry.value(), wanted)
                || contains(entry.environmentVariable(), wanted);
    }

    private static boolean contains(String value, String wanted) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(wanted);
    }

    static String uptime(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toDays() > 0) {
            return d.toDays() + " d " + d.toHoursPart() + " h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }

    // ---- administrators ----------------------------------------------------------------------

    private void loadAdmins() {
        long asked = ++adminLoads;
        tasks.run(client::admins, list -> {
            if (asked == adminLoads) { // a list asked for before an add or delete must not come back after it
                adminsError.set("");
                admins.setAll(list.stream().map(AdminRow::of).toList());
            }
        }, failure -> {
            if (asked == adminLoads) {
                adminsError.set(ErrorMessages.of(failure));
            }
        });
    }

    /** Creates the administrator the form describes. */
    public void addAdmin() {
        if (!canAddAdmin.get()) {
            return;
        }
        String name = adminForm.name();
        String password = adminForm.password();
        changingAdmins.set(true);
        tasks.run(() -> client.createAdmin(name, password), created -> {
            changingAdmins.set(false);
            adminForm.clear();
            adminsError.set("");
            adminsStatus.set("Administrator '" + created.username() + "' added.");
            loadAdmins();
        }, this::failChange);
    }

    /** Deletes an administrator; the broker refuses to delete the one logged in. */
    public void deleteAdmin(AdminRow row) {
        changingAdmins.set(true);
        tasks.run(() -> {
            client.deleteAdmin(row.username());
            return null;
        }, done -> {
            changingAdmins.set(false);
            adminsError.set("");
            adminsStatus.set("Administrator '" + row.username() + "' deleted.");
            loadAdmins();
        }, this::failChange);
    }

    // ---- my password -------------------------------------------------------------------------

    private String myPasswordProblem() {
        if (myPassword.get().isEmpty() && myPasswordAgain.get().isEmpty()) {
            return "";
        }
        if (myPassword.get().length() < AdminForm.MIN_PASSWORD_LENGTH) {
            return "A password needs at least " + AdminForm.MIN_PASSWORD_LENGTH + " characters.";
        }
        return myPassword.get().equals(myPasswordAgain.get()) ? "" : "The two passwords differ.";
    }

    /** True when both fields hold the same new password and no change is under way. */
    public BooleanBinding canChangeMyPasswordProperty() {
        return canChangeMyPassword;
    }

    /** Gives the logged-in administrator the new password; this console stays logged in. */
    public void changeMyPassword() {
        if (!canChangeMyPassword.get()) {
            return;
        }
        String password = myPassword.get();
        changingMyPassword.set(true);
        tasks.run(() -> {
            client.changeAdminPassword(me, password);
            return null;
        }, done -> {
            changingMyPassword.set(false);
            myPassword.set("");
            myPasswordAgain.set("");
            adminsError.set("");
            adminsStatus.set("Your password was changed; other logins of '" + me + "' keep working until they expire.");
        }, failure -> {
            changingMyPassword.set(false);
            adminsStatus.set(""); // an add or delete may still be under way: its buttons stay as they are
            adminsError.set(ErrorMessages.of(failure));
        });
    }

    /** The administrator logged in, or null. */
    public String me() {
        return me;
    }

    public StringProperty myPasswordProperty() {
        return myPassword;
    }

    public StringProperty myPasswordAgainProperty() {
        return myPasswordAgain;
    }

    /** Why the new password cannot be set yet; empty when it can (or nothing is typed). */
    public StringBinding myPasswordProblemProperty() {
        return myPasswordProblem;
    }

    private void failChange(Throwable failure) {
        changingAdmins.set(false);
        adminsStatus.set("");
        adminsError.set(ErrorMessages.of(failure));
    }

    // ---- properties --------------------------------------------------------------------------

    /** The configuration keys that match the filter, in the broker's order. */
    public ObservableList<ConfigEntry> configuration() {
        return shownConfiguration;
    }

    /** Narrows {@link #configuration()} to keys whose name, value or environment variable holds it. */
    public StringProperty configFilterProperty() {
        return configFilter;
    }

    /** "12 of 80 keys". */
    public StringBinding configCountProperty() {
        return configCount;
    }

    public ReadOnlyStringProperty configErrorProperty() {
        return configError.getReadOnlyProperty();
    }

    /** This console's version, from its jar; "development" when run from classes. */
    public String consoleVersion() {
        String version = SettingsViewModel.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /** The management endpoint this console talks to. */
    public String managementUrl() {
        return client.baseUrl().toString();
    }

    public ReadOnlyStringProperty brokerVersionProperty() {
        return brokerVersion.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nodeIdProperty() {
        return nodeId.getReadOnlyProperty();
    }

    /** "embedded" or "cluster". */
    public ReadOnlyStringProperty modeProperty() {
        return mode.getReadOnlyProperty();
    }

    /** How long the broker had run when the view was last refreshed. */
    public ReadOnlyStringProperty uptimeProperty() {
        return uptime.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty aboutErrorProperty() {
        return aboutError.getReadOnlyProperty();
    }

    public ObservableList<AdminRow> admins() {
        return admins;
    }

    public AdminForm adminForm() {
        return adminForm;
    }

    public BooleanBinding canAddAdminProperty() {
        return canAddAdmin;
    }

    /** True while an administrator is being added or deleted. */
    public ReadOnlyBooleanProperty changingAdminsProperty() {
        return changingAdmins.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty adminsStatusProperty() {
        return adminsStatus.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty adminsErrorProperty() {
        return adminsError.getReadOnlyProperty();
    }
}
