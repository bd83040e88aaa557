package dev.gannet.console.retained;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.common.ErrorMessages;
import dev.gannet.console.common.PagePosition;
import dev.gannet.model.api.Page;
import dev.gannet.model.api.RetainedMessageInfo;
import dev.gannet.model.client.ApiException;
import dev.gannet.model.client.GannetClient;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The retained messages under a topic filter, a page at a time (sorted by topic, as the broker
 * answers), the payload of the selected one in full, and deleting one.
 *
 * <p>The filter typed ({@link #filterProperty()}) applies only with {@link #search()}; paging and
 * reloading keep to the filter last applied, so the rows always match what the status line says.
 */
public final class RetainedViewModel {

    public static final int PAGE_SIZE = 50;

    private final GannetClient client;
    private final BackgroundTasks tasks;

    private final StringProperty filter = new SimpleStringProperty("#");
    private final ReadOnlyStringWrapper appliedFilter = new ReadOnlyStringWrapper("#");
    private final ObservableList<RetainedRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<RetainedRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper detailTitle = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
    private final PagePosition position = new PagePosition();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper filterInvalid = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);

    /** Counts loads, so that the answer to an older one arriving late does not overwrite a newer one. */
    private int loads;

    public RetainedViewModel(GannetClient client, BackgroundTasks tasks) {
        this.client = client;
        this.tasks = tasks;
        selected.addListener((obs, old, row) -> describe(row));
        describe(null);
    }

    /** Applies the filter typed and shows its first page. */
    public void search() {
        load(filter.get(), 0);
    }

    /** Loads the current page again. */
    public void reload() {
        load(appliedFilter.get(), position.page());
    }

    public void nextPage() {
        if (position.hasNextProperty().get()) {
            load(appliedFilter.get(), position.page() + 1);
        }
    }

    public void previousPage() {
        if (position.hasPreviousProperty().get()) {
            load(appliedFilter.get(), position.page() - 1);
        }
    }

    /** Deletes the retained message of {@code row} on the broker, then reloads the page. */
    public void delete(RetainedRow row) {
        busy.set(true);
        tasks.run(() -> {
            client.deleteRetained(row.topic());
            return null;
        }, done -> {
            busy.set(false);
            error.set("");
            reload();
        }, this::fail);
    }

    private void load(String filterText, int pageNumber) {
        int ticket = ++loads;
        busy.set(true);
        tasks.run(() -> client.retained(filterText, pageNumber, PAGE_SIZE), result -> {
            if (ticket == loads) {
                show(filterText, result);
            }
        }, failure -> {
            if (ticket == loads) {
                failLoad(failure);
            }
        });
    }

    private void show(String filterText, Page<RetainedMessageInfo> result) {
        if (PagePosition.pastTheEnd(result)) {
            // the last row of the last page went (deleted here or elsewhere): show the page before
            load(filterText, Math.max(0, result.totalPages() - 1));
            return;
        }
        busy.set(false);
        error.set("");
        filterInvalid.set(false);
        appliedFilter.set(filterText);
        position.show(result);
        rows.setAll(result.items().stream().map(RetainedRow::of).toList());
        status.set(result.total() + (result.total() == 1 ? " retained message" : " retained messages") + " match " + filterText);
    }

    private void failLoad(Throwable failure) {
        boolean badFilter = failure instanceof ApiException api && api.status() == 400 && "filter".equals(api.error().field());
        if (badFilter) {
            // rows of another filter would look like the answer to this one
            rows.clear();
            position.clear();
            status.set("");
        }
        filterInvalid.set(badFilter);
        fail(failure);
    }

    private void fail(Throwable failure) {
        busy.set(false);
        error.set(ErrorMessages.of(failure));
    }

    private void describe(RetainedRow row) {
        if (row == null) {
            detailTitle.set("Select a message to see its whole payload.");
            detail.set("");
            return;
        }
        RetainedMessageInfo m = row.message();
        String size = m.payloadBytes() + (m.payloadBytes() == 1 ? " byte" : " bytes");
        detailTitle.set(row.topic() + " · " + (row.binary() ? "binary, " + size + ", as hex" : "text, " + size));
        detail.set(PayloadText.full(m.payloadText(), m.payloadBase64()));
    }

    /** The topic filter typed, applied by {@link #search()}. */
    public StringProperty filterProperty() {
        return filter;
    }

    /** The filter the rows match. */
    public ReadOnlyStringProperty appliedFilterProperty() {
        return appliedFilter.getReadOnlyProperty();
    }

    public ObservableList<RetainedRow> rows() {
        return rows;
    }

    /** The row whose payload {@link #detailProperty()} shows; the view sets it from the table's selection. */
    public ObjectProperty<RetainedRow> selectedProperty() {
        return selected;
    }

    /** What the detail shows: the topic, and whether the payload is text or hex. */
    public ReadOnlyStringProperty detailTitleProperty() {
        return detailTitle.getReadOnlyProperty();
    }

    /** The selected message's whole payload, as text or as a hex dump. */
    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** The page shown and how many there are. */
    public PagePosition position() {
        return position;
    }

    /** "3 retained messages match sensors/#". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** True when the broker refused the filter applied last. */
    public ReadOnlyBooleanProperty filterInvalidProperty() {
        return filterInvalid.getReadOnlyProperty();
    }

    /** True while a call to the broker is under way. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** "Page 2 of 5", or empty when there is a single page. */
    public StringBinding pageTextProperty() {
        return position.textProperty();
    }
}
