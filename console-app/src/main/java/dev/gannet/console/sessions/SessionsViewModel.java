package dev.gannet.console.sessions;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.common.ErrorMessages;
import dev.gannet.console.common.PagePosition;
import dev.gannet.model.api.NodeInfo;
import dev.gannet.model.api.Page;
import dev.gannet.model.api.SessionDetails;
import dev.gannet.model.api.SessionInfo;
import dev.gannet.model.api.SessionQuery;
import dev.gannet.model.api.SubscriptionInfo;
import dev.gannet.model.client.ApiException;
import dev.gannet.model.client.GannetClient;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The client sessions, one page at a time as the broker lists them: the broker filters, sorts and
 * pages (there may be a hundred thousand sessions; the console only ever holds one page), the
 * selected session in full with its subscriptions, and the commands to disconnect a client or
 * remove its session.
 *
 * <p>Changing a filter goes back to the first page and reloads at once; the view decides when a
 * typed filter is set (after a pause in typing).
 */
public final class SessionsViewModel {

    /** Sessions per page. */
    static final int PAGE_SIZE = 100;
    /**
     * How long to wait, after asking the broker to disconnect a client, for it to report the
     * session offline: it closes the connection in the background, and the list reloaded right
     * after should show the outcome.
     */
    private static final long OFFLINE_WAIT_MILLIS = 3_000;
    private static final String NOTHING_SELECTED = "Select a session to see its details.";

    private final GannetClient client;
    private final BackgroundTasks tasks;
    private final int pageSize;

    private final ObjectProperty<StatusFilter> status = new SimpleObjectProperty<>(StatusFilter.ALL);
    private final ObjectProperty<TypeFilter> type = new SimpleObjectProperty<>(TypeFilter.ALL);
    private final StringProperty nodeId = new SimpleStringProperty("");
    private final StringProperty clientIdPart = new SimpleStringProperty("");
    private final StringProperty addressPart = new SimpleStringProperty("");
    private final ObservableList<String> nodeIds = FXCollections.observableArrayList("");

    private final ReadOnlyObjectWrapper<SessionSort> sort = new ReadOnlyObjectWrapper<>(SessionSort.CLIENT_ID);
    private final ReadOnlyBooleanWrapper descending = new ReadOnlyBooleanWrapper(false);
    private final PagePosition position = new PagePosition();
    private final ReadOnlyStringWrapper pageSummary = new ReadOnlyStringWrapper("");
    private final ObservableList<SessionInfo> sessions = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);

    private final ReadOnlyStringWrapper selectedClientId = new ReadOnlyStringWrapper(null);
    private final ReadOnlyObjectWrapper<SessionDetails> details = new ReadOnlyObjectWrapper<>(null);
    private final ObservableList<SubscriptionInfo> subscriptions = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper detailsNote = new ReadOnlyStringWrapper(NOTHING_SELECTED);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final BooleanBinding canDisconnect = Bindings.createBooleanBinding(
            () -> !busy.get() && details.get() != null && details.get().session().connected(), busy, details);
    private final BooleanBinding canRemove = Bindings.createBooleanBinding(
            () -> !busy.get() && details.get() != null, busy, details);

    private final BooleanProperty autoRefresh = new SimpleBooleanProperty(true);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    /** Answers to older requests than these are stale: a newer one is on its way. */
    private long listRequest;
    private long detailsRequest;
    /** The error shown came from loading (cleared by the next good load), not from a command. */
    private boolean errorFromLoad;

    public SessionsViewModel(GannetClient client, BackgroundTasks tasks) {
        this(client, tasks, PAGE_SIZE);
    }

    /** A view model with pages of {@code pageSize} sessions (tests page through a few clients). */
    SessionsViewModel(GannetClient client, BackgroundTasks tasks, int pageSize) {
        this.client = client;
        this.tasks = tasks;
        this.pageSize = pageSize;
        firstPageOnChange(status);
        firstPageOnChange(type);
        firstPageOnChange(nodeId);
        firstPageOnChange(clientIdPart);
        firstPageOnChange(addressPart);
    }

    private <T> void firstPageOnChange(ObservableValue<T> filter) {
        filter.addListener((obs, old, now) -> firstPage());
    }

    // ---- loading ---------------------------------------------------------------------------

    /** Reloads the page shown and the selected session. */
    public void refresh() {
        loadPage();
        loadDetails();
    }

    /** Reloads the node ids offered by the node filter. */
    public void loadNodes() {
        tasks.run(client::nodes, nodes -> {
            List<String> ids = new ArrayList<>();
            ids.add("");
            nodes.stream().map(NodeInfo::id).sorted().forEach(ids::add);
            String chosen = blankToNull(nodeId.get());
            if (chosen != null && !ids.contains(chosen)) {
                ids.add(chosen); // a node that left: keep it while it is the filter
            }
            if (!ids.equals(nodeIds)) {
                nodeIds.setAll(ids);
            }
        }, this::loadFailed);
    }

    private void loadPage() {
        long request = ++listRequest;
        SessionQuery query = query();
        loading.set(true);
        tasks.run(() -> client.sessions(query), result -> {
            if (request == listRequest) {
                loading.set(false);
                show(result);
            }
        }, failure -> {
            if (request == listRequest) {
                loading.set(false);
                loadFailed(failure);
            }
        });
    }

    /** The query for the page shown, with the filters and order chosen. */
    SessionQuery query() {
        return new SessionQuery(status.get().connected(), type.get().type(), blankToNull(nodeId.get()),
                blankToNull(clientIdPart.get()), blankToNull(addressPart.get()), sort.get().apiName(), descending.get(),
                position.page(), pageSize);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private void show(Page<SessionInfo> result) {
        if (PagePosition.pastTheEnd(result)) {
            // Sessions ended since this page was chosen: show the last page there is now.
            position.moveTo(result.totalPages() - 1);
            loadPage();
            return;
        }
        loadSucceeded();
        position.show(result);
        pageSummary.set("page " + (result.page() + 1) + " of " + Math.max(1, result.totalPages()) + " · "
                + SessionText.sessions(result.total()));
        sessions.setAll(result.items());
    }

    private void loadDetails() {
        String clientId = selectedClientId.get();
        long request = ++detailsRequest;
        if (clientId == null) {
            return; // nothing to reload; the note says why nothing shows
        }
        tasks.run(() -> client.session(clientId), loaded -> {
            if (request == detailsRequest) {
                showDetails(loaded, "");
            }
        }, failure -> {
            if (request != detailsRequest) {
                return;
            }
            if (failure instanceof ApiException api && api.status() == 404) {
                // The session ended meanwhile (its client left with a clean session, or someone removed it).
                selectedClientId.set(null);
                showDetails(null, "The session of '" + clientId + "' has ended.");
            } else {
                loadFailed(failure);
            }
        });
    }

    private void showDetails(SessionDetails loaded, String note) {
        details.set(loaded);
        subscriptions.setAll(loaded == null ? List.of() : loaded.subscriptions());
        detailsNote.set(note);
    }

    private void loadFailed(Throwable failure) {
        error.set(ErrorMessages.of(failure));
        errorFromLoad = true;
    }

    private void loadSucceeded() {
        if (errorFromLoad) {
            error.set("");
            errorFromLoad = false;
        }
    }

    // ---- paging and order ------------------------------------------------------------------

    public void nextPage() {
        if (position.hasNextProperty().get()) {
            position.moveTo(position.page() + 1);
            loadPage();
        }
    }

    public void previousPage() {
        if (position.hasPreviousProperty().get()) {
            position.moveTo(position.page() - 1);
            loadPage();
        }
    }

    /** Back to the first page, and reload: what any change of filter or order does. */
    private void firstPage() {
        position.moveTo(0);
        loadPage();
    }

    /** Lists the sessions in this order (the broker sorts); nothing happens if it is the order already. */
    public void sortBy(SessionSort field, boolean descendingOrder) {
        if (field == sort.get() && descendingOrder == descending.get()) {
            return;
        }
        sort.set(field);
        descending.set(descendingOrder);
        firstPage();
    }

    // ---- selection and commands ------------------------------------------------------------

    /** Shows the session of {@code clientId} in full; null shows none. */
    public void select(String clientId) {
        if (clientId != null && clientId.equals(selectedClientId.get())) {
            return;
        }
        selectedClientId.set(clientId);
        if (clientId == null || details.get() == null || !clientId.equals(details.get().session().clientId())) {
            showDetails(null, clientId == null ? NOTHING_SELECTED : "Loading…");
        }
        loadDetails();
    }

    /** Closes the selected client's connection; a persistent session stays, offline. */
    public void disconnectSelected() {
        String clientId = selectedClientId.get();
        if (clientId != null) {
            run(() -> {
                client.disconnect(clientId);
                awaitOffline(clientId);
                return null;
            }, () -> { });
        }
    }

    /** Ends the selected session and all it holds, closing its connection if it has one. */
    public void removeSelected() {
        String clientId = selectedClientId.get();
        if (clientId != null) {
            run(() -> {
                client.removeSession(clientId);
                return null;
            }, () -> select(null));
        }
    }

    /** Runs a command, says what went wrong if it failed, and shows the outcome either way. */
    private void run(Callable<Void> command, Runnable afterSuccess) {
        busy.set(true);
        error.set("");
        errorFromLoad = false;
        tasks.run(command, done -> {
            busy.set(false);
            afterSuccess.run();
            refresh();
        }, failure -> {
            busy.set(false);
            error.set(ErrorMessages.of(failure));
            errorFromLoad = false;
            refresh();
        });
    }

    private void awaitOffline(String clientId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OFFLINE_WAIT_MILLIS);
        while (System.nanoTime() < deadline) {
            try {
                if (!client.session(clientId).session().connected()) {
                    return;
                }
            } catch (ApiException e) {
                if (e.status() == 404) {
                    return; // a clean session ends with its connection
                }
                throw e;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** Stops following the broker: nothing to release but answers still on their way. */
    public void dispose() {
        listRequest++;
        detailsRequest++;
    }

    // ---- properties ------------------------------------------------------------------------

    public ObjectProperty<StatusFilter> statusFilterProperty() {
        return status;
    }

    public ObjectProperty<TypeFilter> typeFilterProperty() {
        return type;
    }

    /** The node whose sessions to list; empty for all nodes. */
    public StringProperty nodeFilterProperty() {
        return nodeId;
    }

    /** A part of the client id; empty for any. */
    public StringProperty clientIdFilterProperty() {
        return clientIdPart;
    }

    /** A part of the address; empty for any. */
    public StringProperty addressFilterProperty() {
        return addressPart;
    }

    /** The node ids the node filter offers; the empty one stands for all nodes. */
    public ObservableList<String> nodeIds() {
        return nodeIds;
    }

    public ReadOnlyObjectProperty<SessionSort> sortProperty() {
        return sort.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty descendingProperty() {
        return descending.getReadOnlyProperty();
    }

    /** The page shown and how many there are. */
    public PagePosition position() {
        return position;
    }

    /** "page 2 of 7 · 612 sessions". */
    public ReadOnlyStringProperty pageSummaryProperty() {
        return pageSummary.getReadOnlyProperty();
    }

    /** The sessions of the page shown, in the broker's order. */
    public ObservableList<SessionInfo> sessions() {
        return sessions;
    }

    /** True while a page is on its way. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** The client id of the selected session, or null. */
    public ReadOnlyStringProperty selectedClientIdProperty() {
        return selectedClientId.getReadOnlyProperty();
    }

    /** The selected session in full, or null. */
    public ReadOnlyObjectProperty<SessionDetails> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** The selected session's subscriptions, by filter. */
    public ObservableList<SubscriptionInfo> subscriptions() {
        return subscriptions;
    }

    /** What the details pane says when it shows no session. */
    public ReadOnlyStringProperty detailsNoteProperty() {
        return detailsNote.getReadOnlyProperty();
    }

    /** True while a command runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public BooleanBinding canDisconnectProperty() {
        return canDisconnect;
    }

    public BooleanBinding canRemoveProperty() {
        return canRemove;
    }

    /** Whether the view reloads by itself every few seconds. */
    public BooleanProperty autoRefreshProperty() {
        return autoRefresh;
    }

    /** What went wrong last, for the operator; empty when all is well. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
