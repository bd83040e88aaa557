package dev.gannet.console.credentials;

import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/**
 * The publish or the subscribe rules of credentials. The API tells "any topic" (no list, null)
 * from "no topic" (an empty list), so the editor does too: {@link #restrictedProperty()} off means
 * any topic, whatever the list holds; on means only what the patterns match, none if it is empty.
 */
public final class AuthRuleList {

    private final BooleanProperty restricted = new SimpleBooleanProperty(this, "restricted", false);
    /** Reports a change when a rule's pattern changes too, so the form re-checks as the operator types. */
    private final ObservableList<AuthRule> rules = FXCollections.observableArrayList(
            rule -> new Observable[] {rule.patternProperty()});

    /** @param patterns the stored patterns; null when the credentials allow any topic */
    public AuthRuleList(List<String> patterns) {
        restricted.set(patterns != null);
        if (patterns != null) {
            patterns.forEach(this::add);
        }
    }

    /** Appends a rule and returns it (the editor focuses it). */
    public AuthRule add(String pattern) {
        AuthRule rule = new AuthRule(pattern);
        rules.add(rule);
        return rule;
    }

    public void remove(AuthRule rule) {
        rules.remove(rule);
    }

    /** The patterns for a request: null (any topic) unless restricted. */
    public List<String> patterns() {
        return restricted.get() ? rules.stream().map(AuthRule::pattern).toList() : null;
    }

    public BooleanProperty restrictedProperty() {
        return restricted;
    }

    public ObservableList<AuthRule> rules() {
        return rules;
    }
}
