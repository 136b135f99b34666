package dev.runbook.bench;

import dev.runbook.compile.RunbookCompiler;
import dev.runbook.engine.Clock;
import dev.runbook.engine.Integrations;
import dev.runbook.engine.Operator;
import dev.runbook.engine.RunOptions;
import dev.runbook.engine.RunResult;
import dev.runbook.engine.RunSession;
import dev.runbook.model.Runbook;
import dev.runbook.model.Team;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the engine costs per step when the step itself costs nothing: a runbook of {@value #STEPS} steps whose body
 * is empty, run to the end. Reported per step (JMH divides by {@link OperationsPerInvocation}).
 *
 * <p>The engine journals every transition before the next one (step started, step finished: fsynced) and offers no
 * way to run without a journal, by design. So "with" and "without" the journal are measured as:
 * {@code journal=disk}: the run folder on the benchmark's file system ({@code runbook.bench.dir}, default the
 * system temp dir), fsync and all; {@code journal=tmpfs}: on {@code /dev/shm}, where fsync returns at once, so what
 * is left is the engine plus serialising and writing the events. {@link JournalAppendBench} gives the journal alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineStepBench {
    static final int STEPS = 100;

    @Param({"disk", "tmpfs"})
    public String journal;

    private Runbook runbook;
    private Path runs;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        StringBuilder source = new StringBuilder("runbook('jmh-no-op') {\n");
        for (int i = 1; i <= STEPS; i++) source.append("    step('Step ").append(i).append("') { }\n");
        source.append("}\n");
        runbook = new RunbookCompiler().compile(source.toString(), "jmh-no-op.groovy");
        runs = Files.createTempDirectory(root(journal), "runbook-jmh-");
    }

    static Path root(String journal) {
        return Path.of(journal.equals("tmpfs") ? "/dev/shm" : System.getProperty("runbook.bench.dir", System.getProperty("java.io.tmpdir")));
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public RunResult noOpStep() {
        RunOptions options = RunOptions.defaults(Map.of()).withRunsRoot(runs).withOperatorName("jmh");
        try (RunSession session = RunSession.open(runbook, options, Operator.YES, Clock.SYSTEM, new Integrations(), Team.defaults())) {
            RunResult result = session.runToEnd();
            if (result.exitCode() != 0) throw new IllegalStateException("the no-op run failed: exit " + result.exitCode());
            return result;
        }
    }

    /** Run folders pile up (one per invocation): removed after each iteration, outside the measurement. */
    @TearDown(Level.Iteration)
    public void removeRuns() throws IOException {
        try (Stream<Path> all = Files.walk(runs)) {
            all.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(runs)).forEach(p -> p.toFile().delete());
        }
    }

    @TearDown(Level.Trial)
    public void removeFolder() throws IOException {
        removeRuns();
        Files.deleteIfExists(runs);
    }
}
