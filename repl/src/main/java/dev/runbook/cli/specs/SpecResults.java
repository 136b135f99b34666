package dev.runbook.cli.specs;

import dev.runbook.console.Style;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Listens to the specs running: one line per spec as it finishes, and what failed, kept for the report.
 * A test here is what Spock reports as one: a feature, or one iteration of a data-driven feature.
 */
public final class SpecResults implements TestExecutionListener {
    /** One feature (or spec, when its setupSpec or structure failed) that did not pass. */
    public record Failure(String spec, String feature, Throwable cause, String specClass) {}

    private final PrintStream out;
    private final Style style;
    private TestPlan plan;
    private final Map<String, int[]> perSpec = new HashMap<>(); // unique id -> passed, failed, skipped
    private final List<Failure> failures = new ArrayList<>();
    /** Why features were skipped at run time (an assumption, a real part not configured), with how many. */
    private final Map<String, Integer> skipReasons = new java.util.LinkedHashMap<>();
    private int specs;
    private int passed;
    private int failed;
    private int skipped;

    public SpecResults(PrintStream out, Style style) {
        this.out = out;
        this.style = style;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        // a skipped spec (@Ignore on the class) reports only itself: count the features it holds
        long tests = isCounted(id) ? 1 : plan.getDescendants(id).stream().filter(this::isCounted).count();
        skipped += (int) tests;
        specOf(id).ifPresent(spec -> tally(spec)[2] += (int) tests);
        if (isSpec(id)) finishSpec(id);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Optional<TestIdentifier> spec = specOf(id);
        if (isCounted(id)) {
            int slot = switch (result.getStatus()) {
                case SUCCESSFUL -> 0;
                case FAILED -> 1;
                case ABORTED -> 2; // an assumption that did not hold: not run, like @Ignore
            };
            if (slot == 2) result.getThrowable().map(Throwable::getMessage).ifPresent(why -> skipReasons.merge(why, 1, Integer::sum));
            switch (slot) {
                case 0 -> passed++;
                case 1 -> failed++;
                default -> skipped++;
            }
            spec.ifPresent(s -> tally(s)[slot]++);
        } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
            // setupSpec, a data provider or the spec's structure failed: no feature of it (or of that one) ran
            failed++;
            spec.ifPresent(s -> tally(s)[1]++);
        }
        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
            failures.add(new Failure(spec.map(TestIdentifier::getDisplayName).orElse(id.getDisplayName()),
                    isSpec(id) ? null : id.getDisplayName(), result.getThrowable().orElse(null),
                    spec.flatMap(TestIdentifier::getSource).map(s -> ((ClassSource) s).getClassName()).orElse(null)));
        }
        if (isSpec(id)) finishSpec(id);
    }

    private void finishSpec(TestIdentifier spec) {
        specs++;
        int[] t = tally(spec);
        List<String> parts = new ArrayList<>();
        if (t[1] > 0) parts.add(style.red(t[1] + " failed"));
        parts.add(t[0] + " passed");
        if (t[2] > 0) parts.add(style.yellow(t[2] + " skipped"));
        String mark = t[1] > 0 ? style.red("✗") : style.green("✓");
        out.println("  " + mark + " " + spec.getDisplayName() + "  " + String.join(", ", parts));
    }

    private int[] tally(TestIdentifier spec) {
        return perSpec.computeIfAbsent(spec.getUniqueId(), k -> new int[3]);
    }

    /**
     * A test that has no tests under it: a data-driven feature is reported as a test too, but what passed or failed
     * are its iterations.
     */
    private boolean isCounted(TestIdentifier id) {
        return id.isTest() && plan.getChildren(id).stream().noneMatch(TestIdentifier::isTest);
    }

    private Optional<TestIdentifier> specOf(TestIdentifier id) {
        for (Optional<TestIdentifier> x = Optional.of(id); x.isPresent(); x = plan.getParent(x.get())) {
            if (isSpec(x.get())) return x;
        }
        return Optional.empty();
    }

    private static boolean isSpec(TestIdentifier id) {
        return id.isContainer() && id.getSource().filter(ClassSource.class::isInstance).isPresent();
    }

    public List<Failure> failures() { return List.copyOf(failures); }
    public int specs() { return specs; }
    public int passed() { return passed; }
    public int failed() { return failed; }
    public int skipped() { return skipped; }
    public Map<String, Integer> skipReasons() { return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(skipReasons)); }
}
