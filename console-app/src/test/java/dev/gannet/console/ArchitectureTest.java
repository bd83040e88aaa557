package dev.gannet.console;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The console's structure rules (STYLE.md: MVVM per feature, the broker only through the API). */
class ArchitectureTest {

    private static final JavaClasses CONSOLE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.gannet.console");

    @Test
    void view_models_hold_state_and_commands_but_no_controls() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene.control..", "javafx.scene.layout..",
                        "javafx.stage..", "org.controlsfx..")
                .because("views bind to view models; view models never touch controls")
                .check(CONSOLE);
    }

    @Test
    void the_console_knows_the_broker_only_through_the_management_api() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.gannet.broker..")
                .because("the console talks to any broker through shared-model's client")
                .check(CONSOLE);
    }

    @Test
    void only_fx_thread_hands_work_to_the_fx_thread() {
        noClasses().that().doNotHaveSimpleName("FxThread")
                .should().callMethod(javafx.application.Platform.class, "runLater", Runnable.class)
                .because("one utility owns Platform.runLater")
                .check(CONSOLE);
    }

    @Test
    void logging_goes_through_slf4j() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.util.logging..")
                .check(CONSOLE);
    }
}
