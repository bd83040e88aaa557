package dev.gannet.console.credentials;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.common.ErrorMessages;
import dev.gannet.model.api.CredentialsCsv;
import dev.gannet.model.api.CredentialsValidation;
import dev.gannet.model.api.ImportResult;
import dev.gannet.model.client.GannetClient;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulk import of credentials from a CSV file ({@link CredentialsCsv}). The file is first read
 * and checked here, with the broker's own parser and rules, so the operator sees at once how
 * many credentials it holds and which lines are wrong; then the broker imports it all or
 * nothing, and its answer (how many were created, or the problems by line) is shown.
 */
public final class CsvImportModel {

    private final GannetClient client;
    private final BackgroundTasks tasks;
    private final Runnable onImported;

    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper(this, "source", "");
    private final ReadOnlyIntegerWrapper rows = new ReadOnlyIntegerWrapper(this, "rows", 0);
    private final ObservableList<ImportResult.ImportProblem> problems = FXCollections.observableArrayList();
    private final ObservableList<ImportResult.ImportProblem> problemsView = FXCollections.unmodifiableObservableList(problems);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "Choose a CSV file.");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper importing = new ReadOnlyBooleanWrapper(this, "importing", false);
    private final ReadOnlyBooleanWrapper canImport = new ReadOnlyBooleanWrapper(this, "canImport", false);
    private final ReadOnlyObjectWrapper<ImportResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private String text;

    /** @param onImported called once the broker created the file's credentials */
    public CsvImportModel(GannetClient client, BackgroundTasks tasks, Runnable onImported) {
        this.client = client;
        this.tasks = tasks;
        this.onImported = onImported;
    }

    /** Reads {@code file} in the background (it must be UTF-8, as the API takes it), then checks it. */
    public void loadFile(Path file) {
        error.set("");
        summary.set("Reading " + file.getFileName() + "…");
        tasks.run(() -> read(file), content -> load(file.getFileName().toString(), content), failure -> {
            summary.set("");
            error.set(ErrorMessages.of(failure));
        });
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file.getFileName() + " is not UTF-8 text: save it as \"CSV UTF-8\" and try again");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks the text of a CSV file here, without sending it: how many credentials it holds, and
     * the problems by line (the same the broker would find, but for duplicates).
     *
     * @param name what to call the file ("meters.csv")
     */
    public void load(String name, String csv) {
        text = csv;
        source.set(name);
        result.set(null);
        error.set("");
        CredentialsCsv.Parsed parsed = CredentialsCsv.parse(csv);
        List<ImportResult.ImportProblem> found = new ArrayList<>(parsed.problems());
        for (CredentialsCsv.Row row : parsed.rows()) {
            CredentialsValidation.problems(row.request(), true)
                    .forEach(p -> found.add(new ImportResult.ImportProblem(row.line(), p.field(), p.message())));
        }
        found.sort((a, b) -> Integer.compare(a.line(), b.line()));
        rows.set(parsed.rows().size());
        problems.setAll(found);
        if (!found.isEmpty()) {
            summary.set(count(parsed.rows().size()) + " read from " + name + ", with " + found.size()
                    + (found.size() == 1 ? " problem" : " problems") + ": nothing can be imported until the file is fixed.");
        } else if (parsed.rows().isEmpty()) {
            summary.set(name + " holds no credentials, only a header.");
        } else {
            summary.set(count(parsed.rows().size()) + " read from " + name + ": ready to import, all or nothing.");
        }
        updateCanImport();
    }

    /**
     * Sends the loaded file to the broker, which creates every line or none. The view offers this
     * only when the file checked out here; called anyway, the broker's refusal is shown the same way.
     */
    public void importNow() {
        if (text == null || importing.get()) {
            return;
        }
        String csv = text;
        importing.set(true);
        updateCanImport();
        error.set("");
        tasks.run(() -> client.importCredentialsCsv(csv), done -> {
            importing.set(false);
            problems.setAll(done.problems());
            result.set(done);
            if (done.problems().isEmpty()) {
                summary.set("Created " + count(done.created()) + ".");
                onImported.run();
            } else {
                summary.set("The broker refused the import, so nothing was created: " + done.problems().size()
                        + (done.problems().size() == 1 ? " problem." : " problems."));
            }
            updateCanImport();
        }, failure -> {
            importing.set(false);
            error.set(ErrorMessages.of(failure));
            updateCanImport();
        });
    }

    private void updateCanImport() {
        canImport.set(text != null && rows.get() > 0 && problems.isEmpty() && !importing.get() && result.get() == null);
    }

    private static String count(int credentials) {
        return credentials + (credentials == 1 ? " credential" : " credentials");
    }

    /** "Line 3 · Client id: MQTT_BASIC credentials need ..." */
    public static String describe(ImportResult.ImportProblem problem) {
        return "Line " + problem.line() + " · " + FieldNames.describe(problem.field(), problem.message());
    }

    /** The file's name; empty before one is loaded. */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    /** How many credentials the file holds. */
    public ReadOnlyIntegerProperty rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    /** The file's problems by line: found here, or the broker's when it refused the import. */
    public ObservableList<ImportResult.ImportProblem> problems() {
        return problemsView;
    }

    /** One sentence on where the import stands. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** A failure other than the broker refusing the file (unreachable, unreadable file). */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty importingProperty() {
        return importing.getReadOnlyProperty();
    }

    /** True when a checked file without problems waits to be imported. */
    public ReadOnlyBooleanProperty canImportProperty() {
        return canImport.getReadOnlyProperty();
    }

    /** The broker's answer: created, or refused with problems; null before. */
    public ReadOnlyObjectProperty<ImportResult> resultProperty() {
        return result.getReadOnlyProperty();
    }
}
