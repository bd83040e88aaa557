package dev.gannet.bench.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    private static final Set<String> KNOWN = Set.of("duration", "clients", "rate", "half-peak", "brokers", "qos");

    @Test
    void readsBothFormsAndBareFlags() {
        Options o = Options.parse(new String[] {"--duration", "30s", "--clients=100k", "--half-peak", "--brokers", "gannet, mosquitto"}, KNOWN);

        assertThat(o.duration("duration", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.integer("clients", 1, 1, 1_000_000)).isEqualTo(100_000);
        assertThat(o.flag("half-peak")).isTrue();
        assertThat(o.list("brokers", "")).containsExactly("gannet", "mosquitto");
        assertThat(o.integer("qos", 1, 0, 2)).isEqualTo(1);
    }

    @Test
    void readsDurationsInEveryUnit() {
        assertThat(Options.parseDuration("d", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Options.parseDuration("d", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Options.parseDuration("d", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Options.parseDuration("d", "10")).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> Options.parseDuration("duration", "soon")).hasMessageContaining("--duration");
    }

    @Test
    void readsUnlimitedRateAsZero() {
        assertThat(Options.parse(new String[] {"--rate", "unlimited"}, KNOWN).rate("rate", 5)).isZero();
        assertThat(Options.parse(new String[] {"--rate", "1_000"}, KNOWN).rate("rate", 5)).isEqualTo(1000);
        assertThat(Options.parse(new String[0], KNOWN).rate("rate", 5)).isEqualTo(5);
    }

    @Test
    void refusesUnknownRepeatedAndOutOfRangeOptions() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--durtion", "5s"}, KNOWN)).hasMessageContaining("Unknown option --durtion");
        assertThatThrownBy(() -> Options.parse(new String[] {"--qos", "1", "--qos", "2"}, KNOWN)).hasMessageContaining("twice");
        assertThatThrownBy(() -> Options.parse(new String[] {"stray"}, KNOWN)).hasMessageContaining("Unexpected argument");
        Options o = Options.parse(new String[] {"--qos", "3"}, KNOWN);
        assertThatThrownBy(() -> o.integer("qos", 0, 0, 2)).hasMessageContaining("from 0 to 2");
    }

    @Test
    void scenarioDefaultsAndChecks() {
        LoadOptions fanOut = LoadOptions.from(Scenario.FAN_OUT, Options.parse(new String[0], KNOWN));
        assertThat(fanOut.publishers()).isEqualTo(2);
        assertThat(fanOut.fanout()).isEqualTo(200);
        assertThat(fanOut.windowPerPublisher()).isEqualTo(50);

        Set<String> load = LoadOptions.OPTION_NAMES;
        LoadOptions p2p = LoadOptions.from(Scenario.POINT_TO_POINT, Options.parse(new String[] {"--publishers", "10"}, load));
        assertThat(p2p.subscribers()).isEqualTo(10);
        assertThat(p2p.qos()).isEqualTo(1);
        assertThat(p2p.persistent()).isTrue();

        assertThatThrownBy(() -> LoadOptions.from(Scenario.FAN_IN, Options.parse(new String[] {"--payload", "8"}, load)))
                .hasMessageContaining("at least 20");
    }
}
