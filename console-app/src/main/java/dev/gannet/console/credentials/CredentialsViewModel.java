package dev.gannet.console.credentials;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.common.ErrorMessages;
import dev.gannet.console.common.PagePosition;
import dev.gannet.model.api.Credentials;
import dev.gannet.model.api.CredentialsType;
import dev.gannet.model.api.Page;
import dev.gannet.model.client.GannetClient;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The broker's MQTT client credentials, a page at a time, filtered by type and by a part of the
 * name, client id or user name; and the commands on them: create and edit (through
 * {@link CredentialsEditorModel}), change a password ({@link PasswordChangeModel}), delete, and
 * import a CSV file ({@link CsvImportModel}).
 */
public final class CredentialsViewModel {

    /** The page sizes offered. */
    public static final List<Integer> PAGE_SIZES = List.of(25, 50, 100);

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final GannetClient client;
    private final BackgroundTasks tasks;

    private final ObservableList<Credentials> items = FXCollections.observableArrayList();
    private final ObjectProperty<CredentialsType> type = new SimpleObjectProperty<>(this, "type");
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final IntegerProperty pageSize = new SimpleIntegerProperty(this, "pageSize", 50);
    private final PagePosition position = new PagePosition();
    private final ReadOnlyStringWrapper pageText = new ReadOnlyStringWrapper(this, "pageText", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ObjectProperty<Credentials> selected = new SimpleObjectProperty<>(this, "selected");
    private final BooleanBinding canChangePassword = Bindings.createBooleanBinding(
            () -> selected.get() != null && selected.get().credentialsType() != CredentialsType.X_509, selected);

    /** Counts reloads, so that the answer to an older query (typing is quick) never replaces a newer one. */
    private long generation;
    /** The id to select again after the next reload (the row just saved, or the one selected before). */
    private String keepSelected;

    public CredentialsViewModel(GannetClient client, BackgroundTasks tasks) {
        this.client = client;
        this.tasks = tasks;
        type.addListener(obs -> firstPage());
        search.addListener(obs -> firstPage());
        pageSize.addListener(obs -> firstPage());
    }

    private void firstPage() {
        position.moveTo(0);
        reload();
    }

    /** Loads the current page again with the current filters. */
    public void reload() {
        long asked = ++generation;
        CredentialsType onlyType = type.get();
        String part = search.get() == null || search.get().isBlank() ? null : search.get().trim();
        int number = position.page();
        int size = pageSize.get();
        loading.set(true);
        tasks.run(() -> client.credentials(onlyType, part, number, size), found -> {
            if (asked == generation) {
                show(found);
            }
        }, failure -> {
            if (asked == generation) {
                loading.set(false);
                error.set(ErrorMessages.of(failure));
            }
        });
    }

    private void show(Page<Credentials> found) {
        if (PagePosition.pastTheEnd(found)) {
            // The last rows of the last page were deleted meanwhile: show the last page there is.
            position.moveTo(found.totalPages() - 1);
            reload();
            return;
        }
        loading.set(false);
        error.set("");
        String reselect = keepSelected != null ? keepSelected : selected.get() == null ? null : selected.get().id();
        keepSelected = null;
        items.setAll(found.items());
        selected.set(found.items().stream().filter(c -> c.id().equals(reselect)).findFirst().orElse(null));
        position.show(found);
        pageText.set(found.total() == 0 ? "No credentials"
                : "Page " + (found.page() + 1) + " of " + found.totalPages() + " · " + found.total()
                + (found.total() == 1 ? " credential" : " credentials"));
    }

    public void nextPage() {
        if (position.hasNextProperty().get()) {
            position.moveTo(position.page() + 1);
            reload();
        }
    }

    public void previousPage() {
        if (position.hasPreviousProperty().get()) {
            position.moveTo(position.page() - 1);
            reload();
        }
    }

    /** A form for new credentials; once saved, the list shows and selects them. */
    public CredentialsEditorModel newEditor() {
        return CredentialsEditorModel.creating(client, tasks, stored -> afterChange(stored, "Created"));
    }

    /** A form to change {@code credentials}. */
    public CredentialsEditorModel editorFor(Credentials credentials) {
        return CredentialsEditorModel.editing(client, tasks, credentials, stored -> afterChange(stored, "Saved"));
    }

    /** A form for a new password of {@code credentials} (MQTT_BASIC or SCRAM). */
    public PasswordChangeModel passwordChangeFor(Credentials credentials) {
        if (credentials.credentialsType() == CredentialsType.X_509) {
            throw new IllegalArgumentException("X_509 credentials have no password");
        }
        return new PasswordChangeModel(client, tasks, credentials, stored -> afterChange(stored, "Changed the password of"));
    }

    /** An import of a CSV file; once it created credentials, the list shows them. */
    public CsvImportModel csvImport() {
        return new CsvImportModel(client, tasks, () -> {
            status.set("Imported credentials from a CSV file.");
            reload();
        });
    }

    private void afterChange(Credentials stored, String what) {
        status.set(what + " '" + stored.name() + "'.");
        keepSelected = stored.id();
        reload();
    }

    /** Deletes {@code credentials} (the view asks first): clients using them can no longer connect. */
    public void delete(Credentials credentials) {
        error.set("");
        tasks.run(() -> {
            client.deleteCredentials(credentials.id());
            return null;
        }, done -> {
            status.set("Deleted '" + credentials.name() + "'.");
            reload();
        }, failure -> error.set(ErrorMessages.of(failure)));
    }

    /** A time from the API as the operator's local date and time. */
    public static String localTime(long epochMillis) {
        return epochMillis <= 0 ? "" : LOCAL_TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    public ObservableList<Credentials> items() {
        return items;
    }

    /** Only credentials of this type; null for all. */
    public ObjectProperty<CredentialsType> typeProperty() {
        return type;
    }

    /** A part of the name, client id or user name; empty for all. */
    public StringProperty searchProperty() {
        return search;
    }

    public IntegerProperty pageSizeProperty() {
        return pageSize;
    }

    /** The page shown and how many there are. */
    public PagePosition position() {
        return position;
    }

    /** "Page 2 of 5 · 230 credentials". */
    public ReadOnlyStringProperty pageTextProperty() {
        return pageText.getReadOnlyProperty();
    }

    /** Why the last load or delete failed; empty when it did not. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What the last command did ("Deleted 'Meter 1'."). */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** The credentials the commands act on; the view keeps it in step with the table's selection. */
    public ObjectProperty<Credentials> selectedProperty() {
        return selected;
    }

    /** True when the selected credentials have a password to change (not X_509). */
    public BooleanBinding canChangePasswordProperty() {
        return canChangePassword;
    }
}
