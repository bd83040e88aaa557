package dev.gannet.console.credentials;

import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.testing.ConsoleTestBroker;
import dev.gannet.model.api.ClientType;
import dev.gannet.model.api.Credentials;
import dev.gannet.model.api.CredentialsRequest;
import dev.gannet.model.api.CredentialsType;
import dev.gannet.model.api.FieldProblem;
import dev.gannet.model.api.ImportResult;
import dev.gannet.model.client.GannetClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credentials view models against a real broker that admits no anonymous clients, checked
 * with real MQTT clients logging in. Background work runs on the test's thread.
 */
class CredentialsViewModelIT {

    private final ConsoleTestBroker broker = ConsoleTestBroker.start(Map.of("security.allow-anonymous", "false"));
    private final GannetClient admin = broker.admin();
    private final CredentialsViewModel model = new CredentialsViewModel(admin, BackgroundTasks.sameThread());

    @AfterEach
    void stop() {
        broker.close();
    }

    private Mqtt5ConnAckReasonCode login(String userName, String password) {
        return MqttLogin.attempt(broker.mqttPort(), userName, password);
    }

    private static List<String> fields(List<FieldProblem> problems) {
        return problems.stream().map(FieldProblem::field).toList();
    }

    @Test
    void credentials_are_created_edited_given_a_new_password_and_deleted() {
        model.reload();
        assertThat(model.items()).isEmpty();
        assertThat(model.pageTextProperty().get()).isEqualTo("No credentials");

        CredentialsEditorModel editor = model.newEditor();
        editor.nameProperty().set("Thermostat");
        editor.userNameProperty().set("thermostat");
        editor.passwordProperty().set("s3cret!");
        editor.publishRules().restrictedProperty().set(true);
        editor.publishRules().add("sensors/.*");
        editor.subscribeRules().restrictedProperty().set(true);
        editor.subscribeRules().add("commands/thermostat/.*");
        assertThat(editor.problems()).isEmpty();
        assertThat(editor.canSaveProperty().get()).isTrue();
        editor.save();

        assertThat(editor.serverErrorProperty().get()).isEmpty();
        assertThat(editor.savedProperty().get()).isNotNull();
        assertThat(model.items()).singleElement().satisfies(row -> {
            assertThat(row.name()).isEqualTo("Thermostat");
            assertThat(row.credentialsType()).isEqualTo(CredentialsType.MQTT_BASIC);
            assertThat(row.userName()).isEqualTo("thermostat");
            assertThat(row.clientId()).isNull();
            assertThat(row.passwordSet()).isTrue();
            assertThat(row.pubAuthRulePatterns()).containsExactly("sensors/.*");
            assertThat(row.subAuthRulePatterns()).containsExactly("commands/thermostat/.*");
        });
        assertThat(model.selectedProperty().get()).as("the new row is selected").isEqualTo(model.items().get(0));
        assertThat(model.statusProperty().get()).isEqualTo("Created 'Thermostat'.");
        assertThat(login("thermostat", "s3cret!")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(login("thermostat", "wrong")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);

        CredentialsEditorModel edit = model.editorFor(model.selectedProperty().get());
        assertThat(edit.isCreating()).isFalse();
        assertThat(edit.keepsPassword()).isTrue();
        assertThat(edit.nameProperty().get()).isEqualTo("Thermostat");
        assertThat(edit.passwordProperty().get()).as("never shown, left empty to keep").isEmpty();
        assertThat(edit.publishRules().restrictedProperty().get()).isTrue();
        edit.nameProperty().set("Thermostat (hall)");
        edit.publishRules().add("alarms/.*");
        edit.save();
        assertThat(edit.savedProperty().get()).isNotNull();
        Credentials edited = model.items().get(0);
        assertThat(edited.name()).isEqualTo("Thermostat (hall)");
        assertThat(edited.pubAuthRulePatterns()).containsExactly("sensors/.*", "alarms/.*");
        assertThat(edited.passwordSet()).isTrue();
        assertThat(login("thermostat", "s3cret!")).as("the password was kept").isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);

        PasswordChangeModel change = model.passwordChangeFor(edited);
        change.passwordProperty().set("n3w-pass");
        change.confirmationProperty().set("n3w-typo");
        assertThat(change.canSaveProperty().get()).isFalse();
        assertThat(change.problemProperty().get()).isEqualTo("The two passwords differ.");
        change.confirmationProperty().set("n3w-pass");
        assertThat(change.canSaveProperty().get()).isTrue();
        change.save();
        assertThat(change.errorProperty().get()).isEmpty();
        assertThat(change.changedProperty().get()).isNotNull();
        assertThat(login("thermostat", "s3cret!")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(login("thermostat", "n3w-pass")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);

        model.delete(model.selectedProperty().get());
        assertThat(model.items()).isEmpty();
        assertThat(model.statusProperty().get()).isEqualTo("Deleted 'Thermostat (hall)'.");
        assertThat(admin.credentials(null, null, 0, 10).total()).isZero();
        assertThat(login("thermostat", "n3w-pass")).as("no credentials, no anonymous access")
                .isNotEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    }

    @Test
    void the_editor_checks_every_field_as_it_changes() {
        CredentialsEditorModel editor = model.newEditor();
        assertThat(fields(editor.problems())).containsExactly("name", "clientId");
        assertThat(editor.firstProblemProperty().get()).isEqualTo("Name: a name is required");
        assertThat(editor.canSaveProperty().get()).isFalse();

        editor.nameProperty().set("Meter");
        assertThat(fields(editor.problems())).containsExactly("clientId");
        assertThat(editor.firstProblemProperty().get())
                .isEqualTo("Client id: MQTT_BASIC credentials need a client id, a user name or both");
        assertThat(editor.invalid("clientId").get()).isTrue();

        editor.clientIdProperty().set("meter-1");
        assertThat(editor.problems()).isEmpty();
        assertThat(editor.invalid("clientId").get()).isFalse();
        assertThat(editor.canSaveProperty().get()).isTrue();
        assertThat(editor.request().password()).as("an empty password field asks for none").isNull();

        editor.publishRules().restrictedProperty().set(true);
        AuthRule rule = editor.publishRules().add("meters/(");
        assertThat(rule.isValid()).isFalse();
        assertThat(rule.problemProperty().get()).startsWith("not a valid regular expression: Unclosed group");
        assertThat(fields(editor.problems())).containsExactly("pubAuthRulePatterns[0]");
        assertThat(editor.firstProblemProperty().get()).startsWith("Publish rule 1: not a valid regular expression");
        assertThat(editor.invalid("pubAuthRulePatterns[0]").get()).isTrue();
        assertThat(editor.canSaveProperty().get()).isFalse();

        rule.patternProperty().set("meters/(1|2)/.*");
        assertThat(rule.isValid()).isTrue();
        assertThat(editor.canSaveProperty().get()).isTrue();
        rule.patternProperty().set("");
        assertThat(rule.problemProperty().get()).isEqualTo("a rule must not be empty (use .* for any topic)");
        assertThat(editor.canSaveProperty().get()).isFalse();

        editor.publishRules().restrictedProperty().set(false);
        assertThat(editor.request().pubAuthRulePatterns()).as("unticked: any topic").isNull();
        assertThat(editor.canSaveProperty().get()).as("rules that are not sent are not checked").isTrue();
        editor.publishRules().restrictedProperty().set(true);
        editor.publishRules().remove(rule);
        assertThat(editor.request().pubAuthRulePatterns()).as("ticked and empty: no topic").isEmpty();
        assertThat(editor.canSaveProperty().get()).isTrue();

        editor.typeProperty().set(CredentialsType.SCRAM);
        assertThat(fields(editor.problems())).containsExactly("userName", "password");
        assertThat(editor.firstProblemProperty().get()).isEqualTo("User name: SCRAM credentials need a user name");
        assertThat(editor.request().clientId()).as("only the chosen type's fields are sent").isNull();
        editor.userNameProperty().set("meter");
        assertThat(editor.problems()).singleElement()
                .isEqualTo(new FieldProblem("password", "SCRAM credentials need a password"));
        editor.passwordProperty().set("pw");
        assertThat(editor.problems()).isEmpty();
        editor.scramAlgorithmProperty().set("MD5");
        assertThat(fields(editor.problems())).containsExactly("scramAlgorithm");
        editor.scramAlgorithmProperty().set("SHA_512");

        editor.typeProperty().set(CredentialsType.X_509);
        assertThat(fields(editor.problems())).containsExactly("certCommonName");
        assertThat(editor.request().password()).as("X_509 has no password, typed or not").isNull();
        editor.certCommonNameProperty().set("My MQTT CA");
        editor.certCnPatternProperty().set("device-[");
        assertThat(fields(editor.problems())).containsExactly("certCnPattern");
        editor.certCnPatternProperty().set("device-.*");
        assertThat(editor.canSaveProperty().get()).isTrue();
    }

    @Test
    void scram_credentials_keep_their_keys_unless_the_algorithm_changes() {
        CredentialsEditorModel editor = model.newEditor();
        editor.typeProperty().set(CredentialsType.SCRAM);
        editor.nameProperty().set("App");
        editor.clientTypeProperty().set(ClientType.APPLICATION);
        editor.userNameProperty().set("app");
        assertThat(editor.firstProblemProperty().get()).isEqualTo("Password: SCRAM credentials need a password");
        editor.passwordProperty().set("app-pw");
        editor.save();
        Credentials stored = editor.savedProperty().get();
        assertThat(stored.scramAlgorithm()).isEqualTo("SHA_256");
        assertThat(stored.clientType()).isEqualTo(ClientType.APPLICATION);
        assertThat(stored.passwordSet()).isTrue();

        CredentialsEditorModel edit = model.editorFor(stored);
        assertThat(edit.problems()).as("editing, the password may stay empty").isEmpty();
        edit.scramAlgorithmProperty().set("SHA_512");
        assertThat(edit.firstProblemProperty().get()).isEqualTo("Password: give the password again to change the algorithm");
        edit.passwordProperty().set("app-pw-2");
        assertThat(edit.canSaveProperty().get()).isTrue();
        edit.save();
        assertThat(edit.savedProperty().get().scramAlgorithm()).isEqualTo("SHA_512");
    }

    @Test
    void a_duplicate_is_refused_with_the_broker_s_reason_and_the_editor_keeps_its_input() {
        admin.createCredentials(CredentialsRequest.basic("First", ClientType.DEVICE, null, "shared-user", "pw", null, null));
        model.reload();
        CredentialsEditorModel editor = model.newEditor();
        editor.nameProperty().set("Second");
        editor.userNameProperty().set("shared-user");
        editor.save();

        assertThat(editor.savedProperty().get()).isNull();
        assertThat(editor.serverErrorProperty().get())
                .isEqualTo("MQTT_BASIC credentials for this client id and user name already exist");
        assertThat(editor.serverErrorFieldProperty().get()).isEqualTo("userName");
        assertThat(editor.invalid("userName").get()).isTrue();
        assertThat(editor.nameProperty().get()).isEqualTo("Second");
        assertThat(editor.canSaveProperty().get()).as("fix it and try again").isTrue();
        assertThat(model.items()).extracting(Credentials::name).containsExactly("First");

        editor.userNameProperty().set("another-user");
        assertThat(editor.serverErrorProperty().get()).as("the refusal was about the old input").isEmpty();
        editor.save();
        assertThat(editor.savedProperty().get()).isNotNull();
        assertThat(model.items()).extracting(Credentials::name).containsExactlyInAnyOrder("First", "Second");
    }

    @Test
    void a_good_csv_file_creates_every_row() {
        String csv = """
                name,credentialsType,clientType,clientId,userName,password,certCommonName,scramAlgorithm,pubAuthRulePatterns
                Meter 1,MQTT_BASIC,DEVICE,,meter-1,pw-1,,,meters/1/.*;alarms/.*
                Gateway,MQTT_BASIC,DEVICE,gateway-7,,,,,
                Dashboard,SCRAM,APPLICATION,,dashboard,dash-pw,,SHA_512,
                Factory,X_509,DEVICE,,,,My MQTT CA,,
                """;
        CsvImportModel importer = model.csvImport();
        importer.load("good.csv", csv);
        assertThat(importer.rowsProperty().get()).isEqualTo(4);
        assertThat(importer.problems()).isEmpty();
        assertThat(importer.canImportProperty().get()).isTrue();
        assertThat(importer.summaryProperty().get()).isEqualTo("4 credentials read from good.csv: ready to import, all or nothing.");

        importer.importNow();
        assertThat(importer.errorProperty().get()).isEmpty();
        assertThat(importer.resultProperty().get()).isEqualTo(new ImportResult(4, List.of()));
        assertThat(importer.summaryProperty().get()).isEqualTo("Created 4 credentials.");
        assertThat(importer.canImportProperty().get()).as("imported once").isFalse();
        assertThat(model.items()).extracting(Credentials::name)
                .containsExactlyInAnyOrder("Meter 1", "Gateway", "Dashboard", "Factory");
        Credentials meter = model.items().stream().filter(c -> c.name().equals("Meter 1")).findFirst().orElseThrow();
        assertThat(meter.pubAuthRulePatterns()).containsExactly("meters/1/.*", "alarms/.*");
        assertThat(meter.subAuthRulePatterns()).isNull();
        assertThat(login("meter-1", "pw-1")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    }

    @Test
    void a_csv_file_with_one_bad_row_creates_nothing_and_names_the_line() {
        String csv = """
                name,credentialsType,userName,password
                Meter 1,MQTT_BASIC,meter-1,pw-1
                Nobody,MQTT_BASIC,,pw-2
                Meter 3,MQTT_BASIC,meter-3,pw-3
                """;
        CsvImportModel importer = model.csvImport();
        importer.load("bad.csv", csv);
        assertThat(importer.rowsProperty().get()).isEqualTo(3);
        assertThat(importer.problems()).containsExactly(new ImportResult.ImportProblem(3, "clientId",
                "MQTT_BASIC credentials need a client id, a user name or both"));
        assertThat(CsvImportModel.describe(importer.problems().get(0)))
                .isEqualTo("Line 3 · Client id: MQTT_BASIC credentials need a client id, a user name or both");
        assertThat(importer.canImportProperty().get()).isFalse();
        assertThat(importer.summaryProperty().get()).contains("3 credentials read from bad.csv, with 1 problem");

        // Sent anyway, the broker refuses the whole file, and says why by line.
        importer.importNow();
        assertThat(importer.resultProperty().get().created()).isZero();
        assertThat(importer.problems()).extracting(ImportResult.ImportProblem::line).containsExactly(3);
        assertThat(importer.summaryProperty().get()).startsWith("The broker refused the import, so nothing was created");
        assertThat(admin.credentials(null, null, 0, 10).total()).isZero();
        assertThat(login("meter-1", "pw-1")).isNotEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    }

    @Test
    void a_csv_row_for_a_client_that_has_credentials_already_is_refused_by_the_broker_with_its_line() {
        admin.createCredentials(CredentialsRequest.basic("Meter 2", ClientType.DEVICE, null, "meter-2", "pw", null, null));
        String csv = "name,credentialsType,userName,password\nMeter 1,MQTT_BASIC,meter-1,pw-1\nMeter 2 again,MQTT_BASIC,meter-2,pw-2\n";
        CsvImportModel importer = model.csvImport();
        importer.load("again.csv", csv);
        assertThat(importer.canImportProperty().get()).as("only the broker knows what it holds").isTrue();

        importer.importNow();
        assertThat(importer.errorProperty().get()).isEmpty();
        assertThat(importer.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.message()).contains("already exist");
        });
        assertThat(admin.credentials(null, null, 0, 10).items()).extracting(Credentials::name).containsExactly("Meter 2");
    }

    @Test
    void the_list_pages_and_filters_by_type_and_search() {
        for (int i = 1; i <= 3; i++) {
            admin.createCredentials(CredentialsRequest.basic("Meter " + i, ClientType.DEVICE, null, "meter-" + i, "pw", null, null));
        }
        admin.createCredentials(new CredentialsRequest("App", CredentialsType.SCRAM, ClientType.APPLICATION, null, "app", "pw",
                null, null, "SHA_256", null, null));
        admin.createCredentials(new CredentialsRequest("Factory", CredentialsType.X_509, null, null, null, null, "My MQTT CA",
                "device-.*", null, null, null));

        model.pageSizeProperty().set(2);
        assertThat(model.items()).hasSize(2);
        assertThat(model.pageTextProperty().get()).isEqualTo("Page 1 of 3 · 5 credentials");
        assertThat(model.position().hasPreviousProperty().get()).isFalse();
        assertThat(model.position().hasNextProperty().get()).isTrue();
        model.nextPage();
        model.nextPage();
        assertThat(model.position().pageProperty().get()).isEqualTo(2);
        assertThat(model.items()).hasSize(1);
        assertThat(model.position().hasNextProperty().get()).isFalse();
        model.previousPage();
        assertThat(model.pageTextProperty().get()).isEqualTo("Page 2 of 3 · 5 credentials");

        model.typeProperty().set(CredentialsType.SCRAM);
        assertThat(model.position().pageProperty().get()).as("a new filter starts at the first page").isZero();
        assertThat(model.items()).extracting(Credentials::name).containsExactly("App");
        model.typeProperty().set(null);
        model.pageSizeProperty().set(50);
        model.searchProperty().set("meter");
        assertThat(model.items()).extracting(Credentials::name).containsExactlyInAnyOrder("Meter 1", "Meter 2", "Meter 3");
        model.typeProperty().set(CredentialsType.X_509);
        assertThat(model.items()).isEmpty();
        assertThat(model.pageTextProperty().get()).isEqualTo("No credentials");
    }

    @Test
    void deleting_the_last_row_of_the_last_page_shows_the_page_before() {
        for (int i = 1; i <= 3; i++) {
            admin.createCredentials(CredentialsRequest.basic("Meter " + i, ClientType.DEVICE, null, "meter-" + i, "pw", null, null));
        }
        model.pageSizeProperty().set(2);
        model.nextPage();
        assertThat(model.items()).hasSize(1);
        model.delete(model.items().get(0));
        assertThat(model.position().pageProperty().get()).isZero();
        assertThat(model.items()).hasSize(2);
        assertThat(model.pageTextProperty().get()).isEqualTo("Page 1 of 1 · 2 credentials");
    }

    @Test
    void a_broker_that_cannot_be_reached_is_said_plainly() {
        CredentialsViewModel unreachable = new CredentialsViewModel(GannetClient.of("http://127.0.0.1:1"),
                BackgroundTasks.sameThread());
        unreachable.reload();
        assertThat(unreachable.errorProperty().get()).startsWith("Cannot reach the broker");
        assertThat(unreachable.items()).isEmpty();
    }
}
