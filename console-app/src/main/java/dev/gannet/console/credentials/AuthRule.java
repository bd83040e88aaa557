package dev.gannet.console.credentials;

import dev.gannet.model.api.CredentialsValidation;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One authorization rule as the operator types it: a regular expression over topic names
 * (publish) or topic filters (subscribe), checked on every keystroke with the broker's own rule.
 */
public final class AuthRule {

    private final StringProperty pattern = new SimpleStringProperty(this, "pattern", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");

    public AuthRule(String initial) {
        pattern.addListener((obs, old, now) -> check());
        pattern.set(initial == null ? "" : initial);
        check();
    }

    private void check() {
        String why = CredentialsValidation.regexProblem(pattern.get());
        problem.set(why == null ? "" : why);
    }

    public StringProperty patternProperty() {
        return pattern;
    }

    public String pattern() {
        return pattern.get();
    }

    /** Why the pattern is not a usable rule; empty when it is. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public boolean isValid() {
        return problem.get().isEmpty();
    }

    @Override
    public String toString() {
        return pattern.get();
    }
}
