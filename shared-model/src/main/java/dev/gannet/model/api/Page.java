package dev.gannet.model.api;

import java.util.List;

/**
 * One page of a long list.
 *
 * @param items the items on this page
 * @param page  this page's number, from 0
 * @param size  the most items a page holds
 * @param total how many items match the query on all pages
 */
public record Page<T>(List<T> items, int page, int size, long total) {

    public Page {
        items = List.copyOf(items);
    }

    /** The page numbered {@code page} of {@code all} (already filtered and sorted). */
    public static <T> Page<T> of(List<T> all, int page, int size) {
        int from = (int) Math.min((long) page * size, all.size());
        int to = Math.min(from + size, all.size());
        return new Page<>(all.subList(from, to), page, size, all.size());
    }

    public int totalPages() {
        return size == 0 ? 0 : (int) ((total + size - 1) / size);
    }
}
