package dev.runbook.bench;

import dev.runbook.engine.ShellTemplate;
import groovy.lang.GString;
import org.codehaus.groovy.runtime.GStringImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What quoting a command's values costs (issue 18: "≤ 1 % of a cached 3-step exec"). A command as runbooks write
 * it — values bare, inside the author's '…' and inside "…", one of them a secret — rendered by {@link ShellTemplate}
 * against the old way, the GString turned into a String as it is. bench/README.md sets the difference against the
 * cached 3-step exec measured by 10-three-steps.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ShellQuotingBench {
    private final Map<String, String> secrets = Map.of("DB_PASSWORD", "s3cr3t-pw", "API_TOKEN", "tok-123");
    private final GString command = new GStringImpl(
            new Object[]{"orders-api", "v1.2.3; touch /tmp/pwned", "it's \"quoted\" $HOME", "s3cr3t-pw"},
            new String[]{"kubectl -n prod set image deployment/", " api=registry.local/api:", " && echo '", "' && psql \"password=", "\" -c 'select 1'"});

    /**
     * The first command a process quotes: class loading and the interpreter included, in a fresh JVM per fork —
     * what a cached {@code exec}, a new process each time, actually pays.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Fork(10)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public String firstQuotedInProcess() {
        return ShellTemplate.render(command, secrets).command();
    }

    @Benchmark
    public String quoted() {
        return ShellTemplate.render(command, secrets).command();
    }

    @Benchmark
    public String asWritten() {
        return command.toString();
    }
}
