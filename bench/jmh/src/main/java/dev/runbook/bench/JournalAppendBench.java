package dev.runbook.bench;

import dev.runbook.journal.Event;
import dev.runbook.journal.FileJournal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The journal alone: one step.finished-sized event appended, as the engine appends it (JSON line, write, fsync when
 * durable). {@code journal=disk} / {@code tmpfs} as in {@link EngineStepBench}; {@code durable=false} is the
 * serialising and writing without the fsync (how live output lines are journaled).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JournalAppendBench {
    @Param({"disk", "tmpfs"})
    public String journal;

    @Param({"true", "false"})
    public boolean durable;

    private Path dir;
    private FileJournal file;
    private long seq;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(EngineStepBench.root(journal), "runbook-jmh-journal-");
        file = FileJournal.create(dir);
    }

    @Benchmark
    public void append() {
        file.append(new Event(++seq, Instant.now(), "step.finished",
                Map.of("step", "Step 12", "outcome", "ok", "attempts", 1, "durationMs", 3)), durable);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        file.close();
        Files.deleteIfExists(dir.resolve(FileJournal.FILE_NAME));
        Files.deleteIfExists(dir);
    }
}
