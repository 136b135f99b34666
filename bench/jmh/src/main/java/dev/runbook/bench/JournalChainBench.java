package dev.runbook.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runbook.journal.Event;
import dev.runbook.journal.FileJournal;
import dev.runbook.journal.JournalChain;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the integrity chain adds to an append (issue 18, 3b): a step.finished-sized event made into its JSON line
 * alone ({@code json}, what every append did before the chain) and made into its chained line ({@code chained}: the
 * JSON, then SHA-256 over the previous chain value and the line). Their difference is the chain's cost per event,
 * to set against {@link JournalAppendBench}'s append (which now includes it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JournalChainBench {
    private final Event event = new Event(12, Instant.parse("2026-12-06T23:31:23.123456Z"), "step.finished",
            Map.of("step", "Step 12", "outcome", "ok", "attempts", 1, "durationMs", 3));
    private String head = "0".repeat(64);
    private final String[] out = new String[1];

    @Benchmark
    public String json() throws JsonProcessingException {
        return FileJournal.toJson(event);
    }

    @Benchmark
    public String chained() throws JsonProcessingException {
        String line = JournalChain.chained(head, FileJournal.toJson(event), out);
        head = out[0];
        return line;
    }
}
