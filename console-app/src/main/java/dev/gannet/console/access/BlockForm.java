package dev.gannet.console.access;

import dev.gannet.model.api.BlockType;
import dev.gannet.model.api.BlockedClientRequest;
import dev.gannet.model.api.FieldProblem;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The form that adds a block, checked as it is filled in: with the same rules the broker applies
 * ({@link BlockedClientRequest#problems()}), plus the expiry's own (a number of hours, a day not
 * past). The first problem is what the form shows; while there is one the block cannot be added.
 */
public final class BlockForm {

    /** The longest block "in N hours" offers: a year. */
    public static final int MAX_HOURS = 24 * 366;

    private static final Map<String, String> FIELD_NAMES = Map.of("blockType", "Type", "pattern", "Pattern",
            "regexTarget", "Matched against", "description", "Description", "expiresAt", "Expires");

    private final Clock clock;
    private final ObjectProperty<BlockType> blockType = new SimpleObjectProperty<>(BlockType.CLIENT_ID);
    private final StringProperty pattern = new SimpleStringProperty("");
    private final ObjectProperty<BlockType> regexTarget = new SimpleObjectProperty<>(BlockType.CLIENT_ID);
    private final StringProperty description = new SimpleStringProperty("");
    private final ObjectProperty<Expiry> expiry = new SimpleObjectProperty<>(Expiry.NEVER);
    private final ObjectProperty<Integer> hours = new SimpleObjectProperty<>(24);
    private final ObjectProperty<LocalDate> untilDate = new SimpleObjectProperty<>();
    private final BooleanProperty edited = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<FieldProblem> problem = new ReadOnlyObjectWrapper<>();
    private final BooleanBinding valid = problem.isNull();
    private final BooleanBinding regexTargetEnabled = blockType.isEqualTo(BlockType.REGEX);
    private final StringBinding shownProblem;
    private final Map<String, BooleanBinding> invalidFields = new HashMap<>();

    BlockForm(Clock clock) {
        this.clock = clock;
        untilDate.set(LocalDate.now(clock.withZone(ZoneId.systemDefault())).plusDays(7));
        Observable[] fields = {blockType, pattern, regexTarget, description, expiry, hours, untilDate};
        for (Observable field : fields) {
            field.addListener(changed -> {
                edited.set(true);
                problem.set(firstProblem());
            });
        }
        problem.set(firstProblem());
        // an untouched form is not wrong yet: the problem shows once something has been typed or chosen
        shownProblem = Bindings.createStringBinding(() -> edited.get() && problem.get() != null ? describe(problem.get()) : "",
                edited, problem);
    }

    /** The request the form describes now; ask {@link #validProperty()} first. */
    public BlockedClientRequest request() {
        BlockType type = blockType.get();
        String text = description.get() == null || description.get().isBlank() ? null : description.get().strip();
        return new BlockedClientRequest(type, pattern.get(), type == BlockType.REGEX ? regexTarget.get() : null, text,
                expiresAt());
    }

    /** Epoch milliseconds when the block ends, or null for never. */
    Long expiresAt() {
        return switch (expiry.get()) {
            case NEVER -> null;
            case HOURS -> hours.get() == null ? null : clock.millis() + hours.get() * 3_600_000L;
            case DATE -> untilDate.get() == null ? null
                    : untilDate.get().plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant().toEpochMilli();
        };
    }

    private FieldProblem firstProblem() {
        FieldProblem own = expiryProblem();
        if (own != null) {
            return own;
        }
        List<FieldProblem> problems = request().problems();
        return problems.isEmpty() ? null : problems.get(0);
    }

    private FieldProblem expiryProblem() {
        if (expiry.get() == Expiry.HOURS && (hours.get() == null || hours.get() < 1 || hours.get() > MAX_HOURS)) {
            return new FieldProblem("expiresAt", "from 1 to " + MAX_HOURS + " hours");
        }
        if (expiry.get() == Expiry.DATE) {
            if (untilDate.get() == null) {
                return new FieldProblem("expiresAt", "choose the last day of the block");
            }
            if (untilDate.get().isBefore(LocalDate.now(clock.withZone(ZoneId.systemDefault())))) {
                return new FieldProblem("expiresAt", "that day has passed");
            }
        }
        return null;
    }

    private static String describe(FieldProblem p) {
        return FIELD_NAMES.getOrDefault(p.field(), p.field()) + ": " + p.message();
    }

    /** Empties the pattern and description after a block was added; the choices stay for the next one. */
    void clear() {
        pattern.set("");
        description.set("");
        edited.set(false);
    }

    public ObjectProperty<BlockType> blockTypeProperty() {
        return blockType;
    }

    /** The value to block, or the regular expression. */
    public StringProperty patternProperty() {
        return pattern;
    }

    /** What a REGEX block matches against. */
    public ObjectProperty<BlockType> regexTargetProperty() {
        return regexTarget;
    }

    /** True only for a REGEX block: the others match their own field. */
    public BooleanBinding regexTargetEnabledProperty() {
        return regexTargetEnabled;
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    public ObjectProperty<Expiry> expiryProperty() {
        return expiry;
    }

    /** For {@link Expiry#HOURS}. */
    public ObjectProperty<Integer> hoursProperty() {
        return hours;
    }

    /** For {@link Expiry#DATE}: the block applies through the end of this day. */
    public ObjectProperty<LocalDate> untilDateProperty() {
        return untilDate;
    }

    /** The first thing wrong, whether shown yet or not; null when the block can be added. */
    public ReadOnlyObjectProperty<FieldProblem> problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** "Pattern: not a valid regular expression: …" once the form was touched; empty when nothing is wrong. */
    public StringBinding shownProblemProperty() {
        return shownProblem;
    }

    /**
     * Whether {@code field} ("pattern", "expiresAt"…) is the one to mark as wrong now. The form
     * keeps each binding it hands out: a binding only listeners refer to would be collected.
     */
    public BooleanBinding invalid(String field) {
        return invalidFields.computeIfAbsent(field, name -> Bindings.createBooleanBinding(
                () -> edited.get() && problem.get() != null && problem.get().field().equals(name), edited, problem));
    }

    public BooleanBinding validProperty() {
        return valid;
    }
}
