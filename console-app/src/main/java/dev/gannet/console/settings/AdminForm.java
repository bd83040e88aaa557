package dev.gannet.console.settings;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * A new administrator's user name and password, checked as they are typed with the broker's own
 * rules (a name of 1 to 255 characters, a password of at least {@value #MIN_PASSWORD_LENGTH}).
 */
public final class AdminForm {

    /** The broker refuses shorter administrator passwords. */
    public static final int MIN_PASSWORD_LENGTH = 8;
    private static final int MAX_NAME_LENGTH = 255;

    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final BooleanProperty edited = new SimpleBooleanProperty(false);
    private final StringBinding problem = Bindings.createStringBinding(this::firstProblem, username, password);
    private final BooleanBinding valid = problem.isEmpty();
    private final StringBinding shownProblem = Bindings.createStringBinding(() -> edited.get() ? problem.get() : "",
            edited, problem);

    AdminForm() {
        username.addListener(changed -> edited.set(true));
        password.addListener(changed -> edited.set(true));
    }

    private String firstProblem() {
        String name = username.get() == null ? "" : username.get().strip();
        if (name.isEmpty()) {
            return "User name: required";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "User name: at most " + MAX_NAME_LENGTH + " characters";
        }
        if (name.contains("/")) {
            return "User name: no '/'";
        }
        if (password.get() == null || password.get().length() < MIN_PASSWORD_LENGTH) {
            return "Password: at least " + MIN_PASSWORD_LENGTH + " characters";
        }
        return "";
    }

    /** The user name as it will be stored: without surrounding spaces. */
    String name() {
        return username.get().strip();
    }

    String password() {
        return password.get();
    }

    /** Empties the form once the administrator exists. */
    void clear() {
        username.set("");
        password.set("");
        edited.set(false);
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    /** The first problem, once something was typed; empty otherwise. */
    public StringBinding shownProblemProperty() {
        return shownProblem;
    }

    public BooleanBinding validProperty() {
        return valid;
    }
}
