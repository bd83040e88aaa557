package dev.gannet.console.common;

import dev.gannet.model.api.Page;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;

/**
 * Where a list paged by the broker stands: the page shown (from 0), how many pages and items there
 * are, and whether there is a page before or after. Each paged view model keeps one and decides
 * itself when to ask for which page.
 */
public final class PagePosition {

    private final ReadOnlyIntegerWrapper page = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyIntegerWrapper pageCount = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyLongWrapper total = new ReadOnlyLongWrapper(0);
    private final BooleanBinding hasPrevious = page.greaterThan(0);
    private final BooleanBinding hasNext = page.add(1).lessThan(pageCount);
    private final StringBinding text = Bindings.createStringBinding(() -> pageCount.get() <= 1 ? ""
            : "Page " + (page.get() + 1) + " of " + pageCount.get(), page, pageCount);

    /** The page shown, or about to be asked for. */
    public int page() {
        return page.get();
    }

    /** Chooses the page to ask for next (before the broker answers). */
    public void moveTo(int number) {
        page.set(Math.max(0, number));
    }

    /** Takes what the broker answered: the page, the number of pages, the number of items. */
    public void show(Page<?> answer) {
        page.set(answer.page());
        pageCount.set(answer.totalPages());
        total.set(answer.total());
    }

    /** Nothing shown (say, the query itself was refused). */
    public void clear() {
        page.set(0);
        pageCount.set(0);
        total.set(0);
    }

    /** True when {@code answer} is an empty page past the end of a list that still has items. */
    public static boolean pastTheEnd(Page<?> answer) {
        return answer.items().isEmpty() && answer.page() > 0 && answer.page() >= answer.totalPages();
    }

    public ReadOnlyIntegerProperty pageProperty() {
        return page.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty pageCountProperty() {
        return pageCount.getReadOnlyProperty();
    }

    /** Items on all pages. */
    public ReadOnlyLongProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    public BooleanBinding hasPreviousProperty() {
        return hasPrevious;
    }

    public BooleanBinding hasNextProperty() {
        return hasNext;
    }

    /** "Page 2 of 5", or empty when there is one page or none. */
    public StringBinding textProperty() {
        return text;
    }
}
