package dev.gannet.console.testing;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The set-up every UI test shares: a real broker started for the test, the real console started
 * headless on TestFX's stage, and both stopped afterwards.
 */
@ExtendWith(ApplicationExtension.class)
public abstract class ConsoleUiTest {

    protected final ConsoleTestBroker broker;
    protected ConsoleDriver console;
    protected Stage stage;

    protected ConsoleUiTest() {
        this(Map.of());
    }

    /** @param brokerSettings configuration of the broker (YAML keys) */
    protected ConsoleUiTest(Map<String, String> brokerSettings) {
        broker = ConsoleTestBroker.start(brokerSettings);
    }

    /**
     * Starts the console on TestFX's stage. A {@code @BeforeEach}, not TestFX's {@code @Start}: the
     * extension looks for {@code @Start} only among the test class's own methods.
     */
    @BeforeEach
    protected void startConsole() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        console = new ConsoleDriver(new FxRobot());
        FxToolkit.setupFixture(() -> {
            try {
                console.start(stage);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @AfterEach
    protected void stopConsoleAndBroker() {
        console.stop();
        broker.close();
    }
}
