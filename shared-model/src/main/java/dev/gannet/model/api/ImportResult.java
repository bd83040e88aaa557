package dev.gannet.model.api;

import java.util.List;

/**
 * The outcome of a bulk import. An import is all or nothing: with any problem, nothing is created.
 *
 * @param created  how many credentials were created
 * @param problems what stopped the import, by line (CSV, from 1 for the header) or position (JSON, from 0)
 */
public record ImportResult(int created, List<ImportProblem> problems) {

    public ImportResult {
        problems = List.copyOf(problems);
    }

    /** One problem of one imported entry. */
    public record ImportProblem(int line, String field, String message) {
    }
}
