package dev.gannet.console.access;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.common.ErrorMessages;
import dev.gannet.console.common.PagePosition;
import dev.gannet.model.api.BlockedClient;
import dev.gannet.model.api.BlockedClientRequest;
import dev.gannet.model.api.Page;
import dev.gannet.model.api.UnauthorizedClient;
import dev.gannet.model.client.GannetClient;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.util.List;

/**
 * Who may not connect and who was refused: the blocks (list, add through {@link BlockForm},
 * remove), and the log of refused CONNECTs, the most recent first, a page at a time.
 */
public final class AccessViewModel {

    public static final int PAGE_SIZE = 50;

    private final GannetClient client;
    private final BackgroundTasks tasks;
    private final BlockForm form = new BlockForm(Clock.systemUTC());

    private final ObservableList<BlockRow> blocks = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper blocksStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper blocksError = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper changingBlocks = new ReadOnlyBooleanWrapper(false);
    private final BooleanBinding canAdd = form.validProperty().and(changingBlocks.not());

    private final ObservableList<UnauthorizedRow> unauthorized = FXCollections.observableArrayList();
    private final PagePosition position = new PagePosition();
    private final ReadOnlyStringWrapper unauthorizedStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper unauthorizedError = new ReadOnlyStringWrapper("");

    /** Counts loads of each list, so that a late answer to an older one is dropped. */
    private int blockLoads;
    private int unauthorizedLoads;

    public AccessViewModel(GannetClient client, BackgroundTasks tasks) {
        this.client = client;
        this.tasks = tasks;
    }

    /** Reloads both lists. */
    public void refresh() {
        refreshBlocks();
        refreshUnauthorized();
    }

    // ---- blocks ------------------------------------------------------------------------------

    public void refreshBlocks() {
        int ticket = ++blockLoads;
        tasks.run(client::blockedClients, list -> {
            if (ticket == blockLoads) {
                showBlocks(list);
            }
        }, failure -> {
            if (ticket == blockLoads) {
                blocksError.set(ErrorMessages.of(failure));
            }
        });
    }

    private void showBlocks(List<BlockedClient> list) {
        blocksError.set("");
        blocks.setAll(list.stream().map(BlockRow::of).toList());
    }

    /** Adds the block the form describes; the form empties once the broker has it. */
    public void add() {
        if (!canAdd.get()) {
            return;
        }
        BlockedClientRequest request = form.request();
        changingBlocks.set(true);
        tasks.run(() -> client.block(request), added -> {
            changingBlocks.set(false);
            form.clear();
            blocksStatus.set("Blocked " + BlockTypes.label(added.blockType()).toLowerCase() + " '" + added.pattern() + "'.");
            refreshBlocks();
        }, this::failChange);
    }

    /** Lifts a block: matching clients may connect again. */
    public void remove(BlockRow row) {
        changingBlocks.set(true);
        tasks.run(() -> {
            client.unblock(row.block().id());
            return null;
        }, done -> {
            changingBlocks.set(false);
            blocksStatus.set("Removed the block on " + row.type().toLowerCase() + " '" + row.pattern() + "'.");
            refreshBlocks();
        }, this::failChange);
    }

    private void failChange(Throwable failure) {
        changingBlocks.set(false);
        blocksStatus.set("");
        blocksError.set(ErrorMessages.of(failure));
    }

    // ---- refused CONNECTs --------------------------------------------------------------------

    /** Loads the current page of refused CONNECTs again. */
    public void refreshUnauthorized() {
        loadUnauthorized(position.page());
    }

    public void nextPage() {
        if (position.hasNextProperty().get()) {
            loadUnauthorized(position.page() + 1);
        }
    }

    public void previousPage() {
        if (position.hasPreviousProperty().get()) {
            loadUnauthorized(position.page() - 1);
        }
    }

    private void loadUnauthorized(int pageNumber) {
        int ticket = ++unauthorizedLoads;
        tasks.run(() -> client.unauthorizedClients(pageNumber, PAGE_SIZE), result -> {
            if (ticket == unauthorizedLoads) {
                showUnauthorized(result);
            }
        }, failure -> {
            if (ticket == unauthorizedLoads) {
                unauthorizedError.set(ErrorMessages.of(failure));
            }
        });
    }

    private void showUnauthorized(Page<UnauthorizedClient> result) {
        if (PagePosition.pastTheEnd(result)) {
            loadUnauthorized(Math.max(0, result.totalPages() - 1)); // the log got shorter: show its last page
            return;
        }
        unauthorizedError.set("");
        position.show(result);
        unauthorized.setAll(result.items().stream().map(UnauthorizedRow::of).toList());
        unauthorizedStatus.set(result.total() == 0 ? "No CONNECT has been refused."
                : result.total() + (result.total() == 1 ? " client refused" : " clients refused") + ", the most recent first");
    }

    // ---- properties --------------------------------------------------------------------------

    /** The form for a new block. */
    public BlockForm form() {
        return form;
    }

    public ObservableList<BlockRow> blocks() {
        return blocks;
    }

    /** True when the form is valid and no change is under way. */
    public BooleanBinding canAddProperty() {
        return canAdd;
    }

    /** True while a block is being added or removed. */
    public ReadOnlyBooleanProperty changingBlocksProperty() {
        return changingBlocks.getReadOnlyProperty();
    }

    /** What the last change did ("Blocked client id 'rogue-7'."). */
    public ReadOnlyStringProperty blocksStatusProperty() {
        return blocksStatus.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty blocksErrorProperty() {
        return blocksError.getReadOnlyProperty();
    }

    /** Refused CONNECTs on the current page, the most recent first. */
    public ObservableList<UnauthorizedRow> unauthorized() {
        return unauthorized;
    }

    /** The page of refused CONNECTs shown and how many there are. */
    public PagePosition position() {
        return position;
    }

    /** "Page 2 of 5", or empty when there is a single page. */
    public StringBinding pageTextProperty() {
        return position.textProperty();
    }

    public ReadOnlyStringProperty unauthorizedStatusProperty() {
        return unauthorizedStatus.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty unauthorizedErrorProperty() {
        return unauthorizedError.getReadOnlyProperty();
    }
}
