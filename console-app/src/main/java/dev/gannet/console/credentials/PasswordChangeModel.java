package dev.gannet.console.credentials;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.common.ErrorMessages;
import dev.gannet.model.api.Credentials;
import dev.gannet.model.client.GannetClient;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.function.Consumer;

/**
 * A new password for MQTT_BASIC or SCRAM credentials, typed twice. For SCRAM the broker derives
 * new keys from it; the password itself is never kept.
 */
public final class PasswordChangeModel {

    private final GannetClient client;
    private final BackgroundTasks tasks;
    private final Credentials credentials;
    private final Consumer<Credentials> onChanged;

    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty confirmation = new SimpleStringProperty(this, "confirmation", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(this, "saving", false);
    private final ReadOnlyBooleanWrapper canSave = new ReadOnlyBooleanWrapper(this, "canSave", false);
    private final ReadOnlyObjectWrapper<Credentials> changed = new ReadOnlyObjectWrapper<>(this, "changed");

    public PasswordChangeModel(GannetClient client, BackgroundTasks tasks, Credentials credentials,
                               Consumer<Credentials> onChanged) {
        this.client = client;
        this.tasks = tasks;
        this.credentials = credentials;
        this.onChanged = onChanged;
        password.addListener(obs -> inputChanged());
        confirmation.addListener(obs -> inputChanged());
        check();
    }

    private void inputChanged() {
        error.set("");
        check();
    }

    private void check() {
        if (password.get().isEmpty()) {
            problem.set("Type the new password, then once more to confirm it.");
        } else if (!password.get().equals(confirmation.get())) {
            problem.set("The two passwords differ.");
        } else {
            problem.set("");
        }
        canSave.set(problem.get().isEmpty() && !saving.get());
    }

    /** Sends the new password; does nothing while the two fields differ. */
    public void save() {
        if (!canSave.get()) {
            return;
        }
        String chosen = password.get();
        saving.set(true);
        canSave.set(false);
        tasks.run(() -> client.changeCredentialsPassword(credentials.id(), chosen),
                stored -> {
                    saving.set(false);
                    check();
                    changed.set(stored);
                    onChanged.accept(stored);
                },
                failure -> {
                    saving.set(false);
                    check();
                    error.set(ErrorMessages.of(failure));
                });
    }

    public Credentials credentials() {
        return credentials;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty confirmationProperty() {
        return confirmation;
    }

    /** Why the password cannot be sent yet; empty when it can. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Why the broker refused the change; empty when it did not. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canSaveProperty() {
        return canSave.getReadOnlyProperty();
    }

    /** The credentials after the change; null before. */
    public ReadOnlyObjectProperty<Credentials> changedProperty() {
        return changed.getReadOnlyProperty();
    }
}
