package dev.gannet.bench.jmh;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.storage.FsyncPolicy;
import dev.gannet.broker.storage.QueueTarget;
import dev.gannet.broker.storage.embedded.EmbeddedStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The durable queue append behind every acknowledged QoS 1 message for an offline persistent
 * session: one message queued for one session in the embedded store, waited for until it is
 * written (and forced, with {@code fsync=always}). Four threads append at once, as four
 * publishing connections would, so the store's group commit can batch them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(4)
public class QueueAppendBenchmark {

    @Param({"never", "interval", "always"})
    public String fsync;

    private Path dir;
    private EmbeddedStore store;
    private Message message;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("gannet-jmh-store-");
        store = EmbeddedStore.open(dir, new EmbeddedStore.Options(FsyncPolicy.valueOf(fsync.toUpperCase(java.util.Locale.ROOT)),
                100, 64L * 1024 * 1024, false));
        message = new Message("site/7/device/42/telemetry", new byte[64], 1, false, "publisher", System.currentTimeMillis());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public void appendOne() {
        long entry = store.queues().newEntryId();
        store.queues().enqueue(message, List.of(new QueueTarget("subscriber", entry, 1, false, List.of()))).join();
    }
}
