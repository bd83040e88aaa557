package dev.gannet.bench.compare;

import dev.gannet.bench.load.RunResult;
import dev.gannet.bench.load.Scenario;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTablesTest {

    private static RunResult fanIn(long delivered, double p99, double cpu, List<String> problems) {
        return new RunResult(Scenario.FAN_IN, "fan-in", 0, 10, delivered, delivered, 1.0, p99, 2 * p99, 3 * p99, 0, 0, 0, 0,
                cpu, 100L * 1048576, 204, -1, -1, problems);
    }

    private final List<BrokerResult> results = List.of(
            new BrokerResult("gannet", fanIn(3_000_000, 4.0, 3.0, List.of())),
            new BrokerResult("mosquitto", fanIn(2_000_000, 2.0, 4.0, List.of())),
            new BrokerResult("hivemq", fanIn(1_000_000, 8.0, 6.0, List.of("3 messages lost, 1 dup"))));

    @Test
    void aTablePerScenarioWithGannetsRatioToEachPeer() {
        String md = ResultTables.markdown(results);

        assertThat(md).contains("### fan-in");
        assertThat(md).contains("| gannet | 300,000 | 300,000 | 1.00 | 4.00 | 8.00 | 1.00 | 100 | 0 / 0 / 0 | ok |");
        assertThat(md).contains("| Gannet ÷ peer | mosquitto | hivemq |");
        assertThat(md).contains("| throughput (higher is better) | 1.50× | 3.00× |");
        assertThat(md).contains("| p99 latency (lower is better) | 2.00× | 0.50× |");
        assertThat(md).contains("**FAILED**: 3 messages lost, 1 dup");
    }

    @Test
    void csvHasOneLinePerRunAndQuotesText() {
        String[] lines = ResultTables.csv(results).split("\n");

        assertThat(lines).hasSize(4);
        assertThat(lines[0]).isEqualTo(ResultTables.CSV_HEADER);
        assertThat(lines[1]).startsWith("fan-in,fan-in,gannet,1,0.000,10.000,3000000,3000000,300000.000,msg/s,");
        assertThat(lines[3]).endsWith(",false,\"3 messages lost, 1 dup\"");
    }

    @Test
    void ratiosOfUnknownFiguresAreADash() {
        assertThat(ResultTables.ratio(1, Double.NaN)).isEqualTo("–");
        assertThat(ResultTables.ratio(1, 0)).isEqualTo("–");
        assertThat(ResultTables.ratio(3, 2)).isEqualTo("1.50×");
    }

    @Test
    void halfPeakRateIsHalfTheLowestPassingPeakPerPublisher() {
        List<BrokerResult> peaks = results;
        // publish rates: 300k, 200k, 100k (failed, so not counted)
        assertThat(Compare.halfRate("min", peaks.get(0), peaks, 100)).isEqualTo(1000);
        assertThat(Compare.halfRate("own", peaks.get(0), peaks, 100)).isEqualTo(1500);
        assertThat(Compare.halfRate("gannet", peaks.get(1), peaks, 100)).isEqualTo(1500);
        assertThat(Compare.halfRate("own", peaks.get(2), peaks, 100)).isZero();
    }

    @Test
    void repeatedRunsShowEachBrokersMedianByP99AtAFixedRateAndEveryRunInTheCsv() {
        List<BrokerResult> runs = List.of(
                new BrokerResult("gannet", 1, halfPeak(9.0, List.of())),
                new BrokerResult("gannet", 2, halfPeak(2.0, List.of())),
                new BrokerResult("gannet", 3, halfPeak(3.0, List.of())),
                new BrokerResult("mosquitto", 1, halfPeak(1.0, List.of())),
                new BrokerResult("mosquitto", 2, halfPeak(5.0, List.of("1 messages lost"))),
                new BrokerResult("mosquitto", 3, halfPeak(4.0, List.of())));

        assertThat(ResultTables.representatives(runs)).extracting(BrokerResult::broker, BrokerResult::run)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gannet", 3), org.assertj.core.groups.Tuple.tuple("mosquitto", 2));
        String md = ResultTables.markdown(runs);
        assertThat(md).contains("### fan-in @50% (each broker's median of 3 runs, by p99 latency)");
        assertThat(md).contains("| gannet | 1,000 | 1,000 | 1.00 | 3.00 |");
        assertThat(md).contains("| p99 latency (lower is better) | 0.60× |");
        assertThat(ResultTables.csv(runs).split("\n")).hasSize(7);
    }

    @Test
    void aScenarioRunOnceIsNotCalledAMedianBesideRepeatedOnes() {
        List<BrokerResult> runs = new java.util.ArrayList<>(List.of(
                new BrokerResult("gannet", 1, halfPeak(2.0, List.of())),
                new BrokerResult("gannet", 2, halfPeak(3.0, List.of()))));
        runs.add(new BrokerResult("gannet", 1, fanIn(1_000, 1.0, 1.0, List.of())));

        String md = ResultTables.markdown(runs);

        assertThat(md).contains("### fan-in @50% (each broker's median of 2 runs, by p99 latency)");
        assertThat(md).contains("### fan-in\n");
    }

    @Test
    void qos0LossesDuringTheWarmUpAreShownBelowTheTable() {
        RunResult warmupLoss = new RunResult(Scenario.FAN_IN, "fan-in", 0, 10, 10_000, 10_000, 1.0, 2.0, 3.0, 4.0, 0, 120, 0, 0,
                1.0, -1, 204, -1, -1, List.of());

        String md = ResultTables.markdown(List.of(new BrokerResult("gannet", warmupLoss)));

        assertThat(md).contains("| 0 / 0 / 0 | ok |");
        assertThat(md).contains("Not measured: gannet dropped 120 QoS 0 messages during the warm-up.");
        assertThat(ResultTables.csv(List.of(new BrokerResult("gannet", warmupLoss)))).contains(",0,120,0,0,");
    }

    @Test
    void warmUpDropsOfARunThatIsNotTheMedianAreListedToo() {
        RunResult dropped = new RunResult(Scenario.FAN_IN, "fan-in @50%", 5, 10, 10_000, 10_000, 1.0, 9.0, 18.0, 27.0, 0, 722, 0,
                0, 1.0, -1, 204, -1, -1, List.of());
        List<BrokerResult> runs = List.of(new BrokerResult("gannet", 1, dropped),
                new BrokerResult("gannet", 2, halfPeak(2.0, List.of())), new BrokerResult("gannet", 3, halfPeak(3.0, List.of())));

        String md = ResultTables.markdown(runs);

        assertThat(md).contains("| gannet | 1,000 | 1,000 | 1.00 | 3.00 |");
        assertThat(md).contains("Not measured: gannet dropped 722 QoS 0 messages during the warm-up of run 1.");
    }

    @Test
    void ofAnEvenCountTheWorseMiddleRunIsShown() {
        List<BrokerResult> runs = List.of(new BrokerResult("gannet", 1, halfPeak(2.0, List.of())),
                new BrokerResult("gannet", 2, halfPeak(3.0, List.of())));

        assertThat(ResultTables.representatives(runs)).extracting(BrokerResult::run).containsExactly(2);
    }

    private static RunResult halfPeak(double p99, List<String> problems) {
        return new RunResult(Scenario.FAN_IN, "fan-in @50%", 5, 10, 10_000, 10_000, 1.0, p99, 2 * p99, 3 * p99, 0, 0, 0, 0,
                1.0, -1, 204, -1, -1, problems);
    }
}
