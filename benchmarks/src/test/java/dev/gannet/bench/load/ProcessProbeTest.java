package dev.gannet.bench.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessProbeTest {

    @Test
    void readsUserAndSystemTicksEvenWithSpacesInTheCommandName() {
        String stat = "4242 (gannet io) S 1 4242 4242 0 -1 4194560 1234 0 0 0 150 25 0 0 20 0 30 0 12345 3000000000 20000";
        assertThat(ProcessProbe.parseCpuTicks(stat)).isEqualTo(175);
    }

    @Test
    void readsHeapInUseFromJcmd() {
        String out = """
                4242:
                 garbage-first heap   total 262144K, used 20480K [0x0000000700000000, 0x0000000800000000)
                  region size 2048K, 3 young (6144K), 0 survivors (0K)
                """;
        assertThat(ProcessProbe.parseHeapInfo(out)).isEqualTo(20480L * 1024);
        assertThat(ProcessProbe.parseHeapInfo("nothing")).isEqualTo(-1);
    }

    @Test
    void addsTheGenerationsOfASerialHeap() {
        String out = """
                4242:
                 def new generation   total 116224K, used 13178K [0x0000000687400000, 0x000000068f210000, 0x0000000704d50000)
                  eden space 103360K,  12% used [0x0000000687400000, 0x00000006880debe8, 0x000000068d8f0000)
                 tenured generation   total 258040K, used 20000K [0x0000000704d50000, 0x0000000714a0e000, 0x0000000800000000)
                 Metaspace       used 26599K, committed 26816K, reserved 1114112K
                """;
        assertThat(ProcessProbe.parseHeapInfo(out)).isEqualTo((13178L + 20000) * 1024);
    }

    @Test
    void sumsTheHeapPoolsOfPrometheusText() {
        String text = """
                # HELP jvm_memory_used_bytes The amount of used memory
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 0.0
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 1.5E7
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 4.0E7
                jvm_memory_used_bytes{area="heap",id="G1 Survivor Space"} 1000000.0
                """;
        assertThat(ProcessProbe.sumHeapMetric(text)).isEqualTo(16_000_000L);
        assertThat(ProcessProbe.sumHeapMetric("up 1")).isEqualTo(-1);
    }
}
