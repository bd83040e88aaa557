package dev.gannet.console.credentials;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.common.ErrorMessages;
import dev.gannet.model.api.ClientType;
import dev.gannet.model.api.Credentials;
import dev.gannet.model.api.CredentialsRequest;
import dev.gannet.model.api.CredentialsType;
import dev.gannet.model.api.CredentialsValidation;
import dev.gannet.model.api.FieldProblem;
import dev.gannet.model.client.ApiException;
import dev.gannet.model.client.GannetClient;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The form that creates or changes one set of credentials. It is checked as the operator types,
 * with the broker's own rules ({@link CredentialsValidation}), so Save is offered only for what
 * the broker will take; what the broker refuses anyway (a duplicate, say) is shown in the form,
 * which keeps its input.
 *
 * <p>Only the fields of the chosen type go into the request: switching from MQTT_BASIC to X_509
 * leaves a typed user name behind rather than sending it.
 */
public final class CredentialsEditorModel {

    public static final List<String> SCRAM_ALGORITHMS = List.of("SHA_256", "SHA_512");

    private final GannetClient client;
    private final BackgroundTasks tasks;
    private final Consumer<Credentials> onSaved;
    /** The credentials being changed; null when creating. */
    private final Credentials existing;

    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final ObjectProperty<CredentialsType> type = new SimpleObjectProperty<>(this, "type", CredentialsType.MQTT_BASIC);
    private final ObjectProperty<ClientType> clientType = new SimpleObjectProperty<>(this, "clientType", ClientType.DEVICE);
    private final StringProperty clientId = new SimpleStringProperty(this, "clientId", "");
    private final StringProperty userName = new SimpleStringProperty(this, "userName", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty certCommonName = new SimpleStringProperty(this, "certCommonName", "");
    private final StringProperty certCnPattern = new SimpleStringProperty(this, "certCnPattern", "");
    private final ObjectProperty<String> scramAlgorithm = new SimpleObjectProperty<>(this, "scramAlgorithm", "SHA_256");
    private final AuthRuleList publishRules;
    private final AuthRuleList subscribeRules;

    private final ObservableList<FieldProblem> problems = FXCollections.observableArrayList();
    private final ObservableList<FieldProblem> problemsView = FXCollections.unmodifiableObservableList(problems);
    private final ReadOnlyStringWrapper firstProblem = new ReadOnlyStringWrapper(this, "firstProblem", "");
    private final ReadOnlyStringWrapper serverError = new ReadOnlyStringWrapper(this, "serverError", "");
    private final ReadOnlyStringWrapper serverErrorField = new ReadOnlyStringWrapper(this, "serverErrorField", "");
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(this, "saving", false);
    private final ReadOnlyBooleanWrapper canSave = new ReadOnlyBooleanWrapper(this, "canSave", false);
    private final ReadOnlyObjectWrapper<Credentials> saved = new ReadOnlyObjectWrapper<>(this, "saved");

    private CredentialsEditorModel(GannetClient client, BackgroundTasks tasks, Credentials existing, Consumer<Credentials> onSaved) {
        this.client = client;
        this.tasks = tasks;
        this.existing = existing;
        this.onSaved = onSaved;
        if (existing != null) {
            name.set(existing.name());
            type.set(existing.credentialsType());
            clientType.set(existing.clientType() == null ? ClientType.DEVICE : existing.clientType());
            clientId.set(orEmpty(existing.clientId()));
            userName.set(orEmpty(existing.userName()));
            certCommonName.set(orEmpty(existing.certCommonName()));
            certCnPattern.set(orEmpty(existing.certCnPattern()));
            if (existing.scramAlgorithm() != null) {
                scramAlgorithm.set(existing.scramAlgorithm());
            }
        }
        publishRules = new AuthRuleList(existing == null ? null : existing.pubAuthRulePatterns());
        subscribeRules = new AuthRuleList(existing == null ? null : existing.subAuthRulePatterns());
        for (Observable input : List.<Observable>of(name, type, clientType, clientId, userName, password, certCommonName,
                certCnPattern, scramAlgorithm, publishRules.restrictedProperty(), publishRules.rules(),
                subscribeRules.restrictedProperty(), subscribeRules.rules())) {
            input.addListener(changed -> inputChanged());
        }
        check();
    }

    /** A form for new credentials; {@code onSaved} hears of them once the broker stored them. */
    public static CredentialsEditorModel creating(GannetClient client, BackgroundTasks tasks, Consumer<Credentials> onSaved) {
        return new CredentialsEditorModel(client, tasks, null, onSaved);
    }

    /** A form filled from {@code existing}; its type cannot change, and its password is kept unless one is typed. */
    public static CredentialsEditorModel editing(GannetClient client, BackgroundTasks tasks, Credentials existing,
                                                 Consumer<Credentials> onSaved) {
        return new CredentialsEditorModel(client, tasks, existing, onSaved);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private void inputChanged() {
        // What the broker said was about the input as it was: once it changes, the form speaks again.
        serverError.set("");
        serverErrorField.set("");
        check();
    }

    private void check() {
        List<FieldProblem> found = new ArrayList<>(CredentialsValidation.problems(request(), isCreating()));
        if (!isCreating() && type.get() == CredentialsType.SCRAM && password.get().isEmpty()
                && !scramAlgorithm.get().equals(existing.scramAlgorithm())) {
            // The broker keeps only keys derived for one algorithm: another one needs the password again.
            found.add(new FieldProblem("password", "give the password again to change the algorithm"));
        }
        problems.setAll(found);
        firstProblem.set(found.isEmpty() ? "" : FieldNames.describe(found.get(0).field(), found.get(0).message()));
        canSave.set(found.isEmpty() && !saving.get());
    }

    /** The request the form stands for now: the common fields and those of the chosen type only. */
    public CredentialsRequest request() {
        CredentialsType chosen = type.get();
        String typedPassword = password.get().isEmpty() ? null : password.get();
        return switch (chosen) {
            case MQTT_BASIC -> new CredentialsRequest(name.get().trim(), chosen, clientType.get(), blankToNull(clientId.get()),
                    blankToNull(userName.get()), typedPassword, null, null, null, publishRules.patterns(),
                    subscribeRules.patterns());
            case X_509 -> new CredentialsRequest(name.get().trim(), chosen, clientType.get(), null, null, null,
                    blankToNull(certCommonName.get()), blankToNull(certCnPattern.get()), null, publishRules.patterns(),
                    subscribeRules.patterns());
            case SCRAM -> new CredentialsRequest(name.get().trim(), chosen, clientType.get(), null, blankToNull(userName.get()),
                    typedPassword, null, null, scramAlgorithm.get(), publishRules.patterns(), subscribeRules.patterns());
        };
    }

    /** Sends the form to the broker: creates or replaces the credentials. Does nothing while it has problems. */
    public void save() {
        if (!canSave.get()) {
            return;
        }
        CredentialsRequest request = request();
        saving.set(true);
        canSave.set(false);
        serverError.set("");
        serverErrorField.set("");
        tasks.run(() -> isCreating() ? client.createCredentials(request) : client.updateCredentials(existing.id(), request),
                stored -> {
                    saving.set(false);
                    check();
                    saved.set(stored);
                    onSaved.accept(stored);
                },
                failure -> {
                    saving.set(false);
                    check();
                    serverError.set(ErrorMessages.of(failure));
                    serverErrorField.set(failure instanceof ApiException api && api.error().field() != null
                            ? api.error().field() : "");
                });
    }

    /** True while {@code field} ("clientId", "pubAuthRulePatterns[0]"...) has a problem, local or from the broker. */
    public BooleanBinding invalid(String field) {
        return Bindings.createBooleanBinding(
                () -> field.equals(serverErrorField.get()) || problems.stream().anyMatch(p -> p.field().equals(field)),
                problems, serverErrorField);
    }

    public boolean isCreating() {
        return existing == null;
    }

    /** True when editing credentials that hold a password (or SCRAM keys) already: an empty field keeps it. */
    public boolean keepsPassword() {
        return existing != null && existing.passwordSet();
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** The credentials type; fixed when editing (the view disables it). */
    public ObjectProperty<CredentialsType> typeProperty() {
        return type;
    }

    public ObjectProperty<ClientType> clientTypeProperty() {
        return clientType;
    }

    public StringProperty clientIdProperty() {
        return clientId;
    }

    public StringProperty userNameProperty() {
        return userName;
    }

    /** MQTT_BASIC and SCRAM; empty means none (creating MQTT_BASIC) or keep the stored one (editing). */
    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty certCommonNameProperty() {
        return certCommonName;
    }

    public StringProperty certCnPatternProperty() {
        return certCnPattern;
    }

    public ObjectProperty<String> scramAlgorithmProperty() {
        return scramAlgorithm;
    }

    public AuthRuleList publishRules() {
        return publishRules;
    }

    public AuthRuleList subscribeRules() {
        return subscribeRules;
    }

    /** Everything that keeps the form from being saved, in field order. */
    public ObservableList<FieldProblem> problems() {
        return problemsView;
    }

    /** The first problem with its field ("Client id: ..."); empty when there is none. */
    public ReadOnlyStringProperty firstProblemProperty() {
        return firstProblem.getReadOnlyProperty();
    }

    /** Why the broker refused the last save; empty when it did not. */
    public ReadOnlyStringProperty serverErrorProperty() {
        return serverError.getReadOnlyProperty();
    }

    /** The field the broker's refusal named, if any. */
    public ReadOnlyStringProperty serverErrorFieldProperty() {
        return serverErrorField.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canSaveProperty() {
        return canSave.getReadOnlyProperty();
    }

    /** The credentials as the broker stored them, once saved; null before. */
    public ReadOnlyObjectProperty<Credentials> savedProperty() {
        return saved.getReadOnlyProperty();
    }
}
